import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import type { WrappedDataKey } from '../../service_layer/ports/data-keys.port';
import { type FileCipher, FileIntegrityError, type StoredRangeReader } from '../../service_layer/ports/file-cipher.port';
import type { ByteRange } from '../../service_layer/ports/file-storage.port';
import type { AesGcmDataKeyWrapper } from './aes-gcm-data-key.wrapper';
import {
  CHUNK_BYTES,
  chunkCount,
  chunkNonce,
  type ChunkPlace,
  encodeHeader,
  encryptedSize,
  HEADER_BYTES,
  MAX_CHUNKS,
  planDecryption,
  SALT_BYTES,
  saltOf,
  TAG_BYTES,
} from './chunked-file.layout';

const ALGORITHM = 'aes-256-gcm';
const FILE_KEY_INFO = Buffer.from('keepem file key v1 aes-256-gcm', 'ascii');
const EMPTY = Buffer.alloc(0);

/** The file's own key, from its data key and its header's random salt: no two files share a key, even under one data key. */
function fileKey(dataKey: Buffer, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, salt, FILE_KEY_INFO, 32));
}

/**
 * Files in the chunked AES-256-GCM format of docs/file-encryption.md: a header with a random salt,
 * then 64 KiB chunks, each sealed under the file's key with a nonce made of its index and a
 * final-chunk flag (STREAM), and the header as associated data.
 */
export class ChunkedFileCipher implements FileCipher {
  readonly format = 'chunked-aes-256-gcm-v1';

  constructor(private readonly dataKeys: AesGcmDataKeyWrapper) {}

  /** Throws DataKeyError at once when `key` does not unwrap, before any byte is taken. */
  encryptor(key: WrappedDataKey): Transform {
    return new ChunkEncryptor(this.dataKeys.unwrap(key));
  }

  encryptedSize(plainSizeBytes: number): number {
    return encryptedSize(plainSizeBytes);
  }

  decrypt(key: WrappedDataKey, plainSizeBytes: number, read: StoredRangeReader, range?: ByteRange): Readable {
    return Readable.from(this.verifiedPlaintext(key, plainSizeBytes, read, range), { objectMode: false });
  }

  /**
   * Each chunk's plaintext once it authenticates, sliced to the range; the final chunk's only once
   * the stored file is seen to end right after it. A throw here destroys the stream with that error.
   */
  private async *verifiedPlaintext(key: WrappedDataKey, plainSizeBytes: number, read: StoredRangeReader, range?: ByteRange) {
    const plan = planDecryption(plainSizeBytes, range);
    const dataKey = this.dataKeys.unwrap(key);
    // Both reads at once: a storage such as S3 answers each after a round trip.
    const opening = read(plan.stored);
    opening.catch(() => undefined);
    let header: Buffer | undefined;
    if (plan.headerApart) {
      try {
        header = await readHeader(read);
      } catch (error) {
        void opening.then(
          (stream) => stream.destroy(),
          () => undefined,
        );
        throw error;
      }
    }
    const stored = new ExactReader(await opening);
    try {
      header ??= await stored.read(HEADER_BYTES);
      const key = fileKey(dataKey, saltOf(header));
      for (const chunk of plan.chunks) {
        const sealed = await stored.read(chunk.storedBytes);
        if (sealed.length < chunk.storedBytes) {
          throw new FileIntegrityError(
            'truncated',
            `The stored file ends inside chunk ${chunk.index} of ${chunkCount(plainSizeBytes)}: it was cut short`,
          );
        }
        const plain = openChunk(key, header, chunk, sealed, plainSizeBytes);
        if (chunk.final && !(await stored.atEnd())) {
          throw new FileIntegrityError('trailing-bytes', 'The stored file goes on after its final chunk: bytes were appended to it');
        }
        const from = Math.max(plan.plain.start - chunk.plainStart, 0);
        const to = Math.min(plan.plain.end + 1 - chunk.plainStart, plain.length);
        if (to > from) {
          yield plain.subarray(from, to);
        }
      }
    } finally {
      await stored.close();
    }
  }
}

/** The chunk's plaintext, only after its tag is checked: GCM hands out plaintext before it knows. */
function openChunk(key: Buffer, header: Buffer, chunk: ChunkPlace, sealed: Buffer, plainSizeBytes: number): Buffer {
  const decipher = createDecipheriv(ALGORITHM, key, chunkNonce(chunk.index, chunk.final), { authTagLength: TAG_BYTES });
  decipher.setAAD(header);
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    throw new FileIntegrityError(
      'chunk',
      `Chunk ${chunk.index} of ${chunkCount(plainSizeBytes)} does not authenticate: it was altered, moved or taken from another file, ` +
        `the file was cut short there, or the data key is not this file's`,
    );
  }
  return plain;
}

async function readHeader(read: StoredRangeReader): Promise<Buffer> {
  const stored = new ExactReader(await read({ start: 0, end: HEADER_BYTES - 1 }));
  try {
    return await stored.read(HEADER_BYTES);
  } finally {
    await stored.close();
  }
}

/**
 * Reads a stream in pieces of exact lengths, copying only a piece that spans two of the stream's own
 * buffers; the stream is read no further ahead than the piece asked for.
 */
class ExactReader {
  private readonly buffers: AsyncIterator<unknown>;
  private rest: Buffer = EMPTY;

  constructor(stream: Readable) {
    this.buffers = stream[Symbol.asyncIterator]();
  }

  /** The next `length` bytes, or fewer when the stream ends first. */
  async read(length: number): Promise<Buffer> {
    if (this.rest.length === 0 && !(await this.fill())) {
      return EMPTY;
    }
    if (this.rest.length >= length) {
      return this.take(length);
    }
    const piece = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      if (this.rest.length === 0 && !(await this.fill())) {
        return piece.subarray(0, filled);
      }
      const taken = this.take(Math.min(length - filled, this.rest.length));
      taken.copy(piece, filled);
      filled += taken.length;
    }
    return piece;
  }

  async atEnd(): Promise<boolean> {
    return this.rest.length === 0 && !(await this.fill());
  }

  /** Stops reading, which destroys the stream if it has not ended. */
  async close(): Promise<void> {
    await this.buffers.return?.();
  }

  /** Takes the stream's next non-empty buffer as the rest; false at its end. */
  private async fill(): Promise<boolean> {
    for (;;) {
      const next = await this.buffers.next();
      if (next.done) {
        return false;
      }
      const buffer = Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value as Uint8Array);
      if (buffer.length > 0) {
        this.rest = buffer;
        return true;
      }
    }
  }

  private take(length: number): Buffer {
    const taken = this.rest.subarray(0, length);
    this.rest = this.rest.subarray(length);
    return taken;
  }
}

/**
 * Plaintext in, the stored format out. It holds at most one chunk of plaintext: a full chunk waits
 * until the next byte arrives, since only then is it known not to be the file's final chunk.
 */
class ChunkEncryptor extends Transform {
  private readonly header: Buffer;
  private readonly key: Buffer;
  private readonly pending = Buffer.allocUnsafe(CHUNK_BYTES);
  private filled = 0;
  private index = 0;

  constructor(dataKey: Buffer) {
    super();
    const salt = randomBytes(SALT_BYTES);
    this.header = encodeHeader(salt);
    this.key = fileKey(dataKey, salt);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      let offset = 0;
      while (offset < data.length) {
        if (this.filled === CHUNK_BYTES) {
          this.seal(this.pending, false);
          this.filled = 0;
        }
        // A whole chunk with more after it, within what was written, is sealed where it lies.
        if (this.filled === 0 && data.length - offset > CHUNK_BYTES) {
          this.seal(data.subarray(offset, offset + CHUNK_BYTES), false);
          offset += CHUNK_BYTES;
          continue;
        }
        const copied = data.copy(this.pending, this.filled, offset, offset + Math.min(CHUNK_BYTES - this.filled, data.length - offset));
        this.filled += copied;
        offset += copied;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.seal(this.pending.subarray(0, this.filled), true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private seal(plain: Buffer, final: boolean): void {
    if (this.index >= MAX_CHUNKS) {
      throw new RangeError(`A file may hold at most ${MAX_CHUNKS} chunks of ${CHUNK_BYTES} bytes`);
    }
    if (this.index === 0) {
      this.push(Buffer.from(this.header));
    }
    const cipher = createCipheriv(ALGORITHM, this.key, chunkNonce(this.index, final), { authTagLength: TAG_BYTES });
    cipher.setAAD(this.header);
    this.push(cipher.update(plain));
    cipher.final();
    this.push(cipher.getAuthTag());
    this.index += 1;
  }
}
