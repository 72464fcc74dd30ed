import { Readable } from 'node:stream';
import type { LeaseSettings } from '@keepem/shared/service_layer';
import { JwtUploadTokens } from '../../libs/assets/src/adapters/jwt-upload.tokens';
import { assetsConfig } from '../../libs/assets/src/assets.config';
import type { SentFile } from '../../libs/assets/src/service_layer/commands/upload-asset-file.command';
import { UploadAssetFile } from '../../libs/assets/src/service_layer/commands/upload-asset-file.command';
import { UploadAssetFileHandler } from '../../libs/assets/src/service_layer/commands/upload-asset-file.handler';
import { GetAssetFile } from '../../libs/assets/src/service_layer/queries/get-asset-file.query';
import { GetAssetFileHandler } from '../../libs/assets/src/service_layer/queries/get-asset-file.handler';
import type { AssetFile } from '../../libs/assets/src/service_layer/queries/get-asset-file.query';
import type { AssetsFixture } from './assets-handlers';
import { Pause } from './pause';

/** The file a test sends: the declared photo of A_PHOTO unless it says otherwise. */
export interface FileToSend {
  name?: string;
  type?: string;
  /** The bytes, or the chunks they come in. */
  bytes?: Buffer | Buffer[];
  /** A raw body's Content-Length; left out, as for a multipart form. */
  announcedBytes?: number;
  /** Fails the content after its chunks, as a request the client cut off does. */
  failWith?: Error;
  /** Runs after each chunk is taken, before the next one is: a client that is slow, or stalls. */
  afterChunk?: (index: number) => Promise<void>;
}

/** A request's file, telling how much of it the handler read. */
export class SentSource {
  opened = false;
  /** Chunks the handler pulled from the content. */
  pulled = 0;

  constructor(private readonly file: FileToSend) {}

  receive = async (): Promise<SentFile> => {
    this.opened = true;
    const { bytes = Buffer.alloc(1000, 7), failWith, afterChunk = () => new Promise((resolve) => setImmediate(resolve)) } = this.file;
    const chunks = Array.isArray(bytes) ? bytes : [bytes];
    const pulled = () => (this.pulled += 1);
    const content = Readable.from(
      (async function* () {
        for (const [index, chunk] of chunks.entries()) {
          pulled();
          yield chunk;
          await afterChunk(index);
        }
        if (failWith) {
          throw failWith;
        }
      })(),
    );
    return {
      name: this.file.name ?? 'garden.jpg',
      type: this.file.type ?? 'image/jpeg',
      content,
      announcedBytes: this.file.announcedBytes,
    };
  };
}

export const UPLOAD_LEASE: LeaseSettings = { leaseMs: 30_000, renewEveryMs: 5 };

/** UploadAssetFile and GetAssetFile on the assets fixture, with real upload tokens. */
export class AssetUploads {
  readonly tokens: JwtUploadTokens;
  /** Holds each write after it has read its whole content, before the object is put in place. */
  readonly beforeCommit = new Pause();

  constructor(
    private readonly fixture: AssetsFixture,
    private readonly lease: LeaseSettings = UPLOAD_LEASE,
  ) {
    this.tokens = new JwtUploadTokens(assetsConfig({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') }), fixture.clock);
    const write = fixture.storage.write.bind(fixture.storage);
    fixture.storage.write = async (key, content) => {
      const buffered: Buffer[] = [];
      for await (const chunk of content) {
        buffered.push(chunk as Buffer);
      }
      await this.beforeCommit.wait();
      return write(key, Readable.from(buffered));
    };
  }

  tokenFor(assetId: string, userId: string): string {
    return this.tokens.issue({ assetId, userId });
  }

  /** UploadAssetFile through its handler, with a token for `by` unless given one. */
  upload(assetId: string, by: string, source: SentSource, uploadToken = this.tokenFor(assetId, by)): Promise<void> {
    const { fixture } = this;
    return new UploadAssetFileHandler(
      fixture.unitOfWork,
      this.tokens,
      fixture.storage,
      fixture.cipher,
      fixture.settings,
      this.lease,
      fixture.clock,
    ).execute(
      new UploadAssetFile({
        assetId,
        uploadId: crypto.randomUUID(),
        uploadToken,
        uploadedBy: by,
        receive: source.receive,
        metadata: fixture.metadata(by),
      }),
    );
  }

  /** GetAssetFile through its handler. */
  file(assetId: string, readerId: string): Promise<AssetFile> {
    const { fixture } = this;
    return new GetAssetFileHandler(fixture.unitOfWork, fixture.storage, fixture.cipher).execute(
      new GetAssetFile({ assetId, readerId, metadata: fixture.metadata(readerId) }),
    );
  }
}
