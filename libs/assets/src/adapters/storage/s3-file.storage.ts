import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { S3StorageSettings } from '../../assets.config';
import { type ByteRange, type FileStorage, StoredObjectNotFoundError } from '../../service_layer/ports/file-storage.port';
import { checkByteRange, checkStorageKey, rangeNotSatisfiable } from './storage-arguments';

/**
 * A write is sent as parts of this size, at most QUEUE_SIZE at once: its memory is bounded by about
 * (QUEUE_SIZE + 1) parts, whatever the file's size. 5 MiB is S3's smallest part; with at most
 * 10,000 parts an object can reach 48.8 GiB. A write no larger than one part is a single PutObject.
 */
export const PART_SIZE_BYTES = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;
/** How long a connection to S3 may take to open, and the readiness check to be answered. */
const CONNECTION_TIMEOUT_MS = 5_000;
const CHECK_TIMEOUT_MS = 5_000;

export function s3ClientFor(settings: S3StorageSettings): S3Client {
  return new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    // MinIO and most S3-compatible servers know buckets by path, not by host name.
    forcePathStyle: settings.endpoint !== undefined,
    credentials: settings.credentials,
    // Only the connection is timed: a download's socket idles legitimately while its reader is slow.
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS },
  });
}

/** The HTTP status of a failed S3 call: 404 for a missing key (NoSuchKey, NotFound), 416 for a range past the end. */
const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;

/**
 * The bytes of `range`, from a ranged GET's answer. S3 sends exactly those; a server that sends more
 * (s3rver answers `bytes=0-0` with the whole object) is cut to the range, and one that starts
 * elsewhere or ignores the range is refused rather than have wrong bytes pass for the range.
 */
function exactly(range: ByteRange, contentRange: string | undefined, body: Readable): Readable {
  const sent = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(contentRange ?? '');
  if (!sent || Number(sent[1]) !== range.start) {
    body.destroy();
    throw new Error(`Asked S3 for bytes ${range.start}-${range.end}, got ${contentRange ?? 'no Content-Range'}`);
  }
  const wanted = range.end - range.start + 1;
  if (Number(sent[2]) - range.start + 1 <= wanted) {
    return body;
  }
  async function* firstBytes() {
    let remaining = wanted;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      yield chunk.subarray(0, remaining);
      remaining -= Math.min(chunk.length, remaining);
      if (remaining === 0) {
        return;
      }
    }
  }
  return Readable.from(firstBytes(), { objectMode: false });
}

/**
 * Objects in one S3 bucket. A write streams through `@aws-sdk/lib-storage`'s multipart `Upload`, never
 * holding more than a few parts; S3 makes an object visible only when its upload completes, so a write
 * that fails or whose source is destroyed leaves nothing, and the multipart upload is aborted (should
 * the abort fail too, a bucket lifecycle rule for incomplete multipart uploads removes the parts).
 */
export class S3FileStorage implements FileStorage {
  private readonly logger = new Logger(S3FileStorage.name);
  private readonly bucket: string;

  constructor(
    settings: S3StorageSettings,
    private readonly client: S3Client = s3ClientFor(settings),
  ) {
    this.bucket = settings.bucket;
  }

  async write(key: string, content: Readable): Promise<{ sizeBytes: number }> {
    let sizeBytes = 0;
    async function* counted() {
      for await (const chunk of content as AsyncIterable<Buffer>) {
        sizeBytes += chunk.length;
        yield chunk;
      }
    }
    let upload: Upload | undefined;
    try {
      upload = new Upload({
        client: this.client,
        params: { Bucket: this.bucket, Key: checkStorageKey(key), Body: Readable.from(counted(), { objectMode: false }) },
        partSize: PART_SIZE_BYTES,
        queueSize: QUEUE_SIZE,
        // Aborted below instead, so that a failed abort cannot hide why the write failed.
        leavePartsOnError: true,
      });
      await upload.done();
      return { sizeBytes };
    } catch (error) {
      content.destroy();
      await this.abandon(key, upload?.uploadId);
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    checkByteRange(range);
    try {
      const { Body, ContentRange } = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: checkStorageKey(key), Range: range && `bytes=${range.start}-${range.end}` }),
      );
      const body = (Body as Readable | undefined) ?? Readable.from([]);
      return range ? exactly(range, ContentRange, body) : body;
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new StoredObjectNotFoundError(key);
      }
      if (range && statusOf(error) === 416) {
        throw rangeNotSatisfiable(key, range);
      }
      throw error;
    }
  }

  async sizeOf(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkStorageKey(key) }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (statusOf(error) === 404) {
        return null;
      }
      throw error;
    }
  }

  /** S3 answers a delete of a missing key as a success. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkStorageKey(key) }));
  }

  async check(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  }

  /** Called by Nest as the application stops: closes the client's sockets. */
  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private async abandon(key: string, uploadId: string | undefined): Promise<void> {
    if (!uploadId) {
      return;
    }
    try {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId }));
    } catch (error) {
      this.logger.warn(
        `Could not abort the multipart upload ${uploadId} of ${key}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
