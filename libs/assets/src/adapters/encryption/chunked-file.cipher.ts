import { createCipheriv, createDecipheriv, type DecipherGCM, hkdfSync, randomBytes } from 'node:crypto';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { WrappedDataKey } from '../../service_layer/ports/data-keys.port';
import { type FileCipher, FileIntegrityError, type StoredRangeReader } from '../../service_layer/ports/file-cipher.port';
import type { ByteRange } from '../../service_layer/ports/file-storage.port';
import type { AesGcmDataKeyWrapper } from './aes-gcm-data-key.wrapper';
import {
  CHUNK_BYTES,
  chunkCount,
  chunkNonce,
  type ChunkPlace,
  type DecryptionPlan,
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

  /** Never throws: a wrong range, a key that does not unwrap or a failed read destroy the stream with that error. */
  decrypt(key: WrappedDataKey, plainSizeBytes: number, read: StoredRangeReader, range?: ByteRange): Readable {
    let decryptor: ChunkDecryptor;
    try {
      decryptor = new ChunkDecryptor(this.dataKeys.unwrap(key), planDecryption(plainSizeBytes, range), plainSizeBytes);
    } catch (error) {
      return new Readable({ read: () => undefined }).destroy(error as Error);
    }
    void feed(decryptor, read);
    return decryptor;
  }
}

/**
 * Pipes the stored chunks into the decryptor, the header read apart first when the chunks do not
 * start the file. Both reads start at once: a storage such as S3 answers each after a round trip.
 */
async function feed(decryptor: ChunkDecryptor, read: StoredRangeReader): Promise<void> {
  try {
    const opening = read(decryptor.plan.stored);
    if (decryptor.plan.headerApart) {
      opening.catch(() => undefined);
      try {
        decryptor.useHeader(await buffer(await read({ start: 0, end: HEADER_BYTES - 1 })));
      } catch (error) {
        opening.then(
          (stream) => stream.destroy(),
          () => undefined,
        );
        throw error;
      }
    }
    const stored = await opening;
    if (decryptor.destroyed) {
      stored.destroy();
      return;
    }
    // Destroys the one when the other fails or goes away; the error reaches the decryptor's reader.
    pipeline(stored, decryptor, () => undefined);
  } catch (error) {
    decryptor.destroy(error as Error);
  }
}

/**
 * The stored bytes of a plan's chunks in, their plaintext out, sliced to the plan's range. A chunk's
 * plaintext leaves only once its tag is checked (GCM hands out plaintext before it knows whether it
 * is authentic), and the final chunk's only once the stored file is seen to end right after it. At
 * most one chunk's plaintext is held.
 */
class ChunkDecryptor extends Transform {
  private header: Buffer | undefined;
  private readonly headerRead: Buffer[] = [];
  private headerBytes = 0;
  private key: Buffer | undefined;
  private chunkAt = 0;
  private decipher: DecipherGCM | undefined;
  private bodyLeft = 0;
  private readonly tag = Buffer.alloc(TAG_BYTES);
  private tagBytes = 0;
  private held: Buffer[] = [];
  private finalHeld = false;

  constructor(
    private readonly dataKey: Buffer,
    readonly plan: DecryptionPlan,
    private readonly plainSizeBytes: number,
  ) {
    super();
  }

  /** The file's header, read apart from its chunks. */
  useHeader(header: Buffer): void {
    this.header = header.subarray(0, HEADER_BYTES);
    this.key = fileKey(this.dataKey, saltOf(this.header));
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      for (let offset = 0; offset < data.length;) {
        offset += this.consume(data, offset);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (!this.key) {
        saltOf(Buffer.concat(this.headerRead));
      }
      if (this.chunkAt < this.plan.chunks.length) {
        throw new FileIntegrityError(
          'truncated',
          `The stored file ends inside chunk ${this.plan.chunks[this.chunkAt].index} of ${chunkCount(this.plainSizeBytes)}: it was cut short`,
        );
      }
      this.release();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  /** Takes what it can of `data` from `offset` on for the part of the file it is at; how much. */
  private consume(data: Buffer, offset: number): number {
    if (!this.key) {
      const piece = data.subarray(offset, offset + HEADER_BYTES - this.headerBytes);
      this.headerRead.push(piece);
      this.headerBytes += piece.length;
      if (this.headerBytes === HEADER_BYTES) {
        this.useHeader(Buffer.concat(this.headerRead));
      }
      return piece.length;
    }
    if (this.chunkAt === this.plan.chunks.length) {
      if (this.finalHeld) {
        throw new FileIntegrityError('trailing-bytes', 'The stored file goes on after its final chunk: bytes were appended to it');
      }
      return data.length - offset;
    }
    const chunk = this.plan.chunks[this.chunkAt];
    if (!this.decipher) {
      this.decipher = createDecipheriv(ALGORITHM, this.key, chunkNonce(chunk.index, chunk.final), { authTagLength: TAG_BYTES });
      this.decipher.setAAD(this.header as Buffer);
      this.bodyLeft = chunk.storedBytes - TAG_BYTES;
    }
    if (this.bodyLeft > 0) {
      const piece = data.subarray(offset, offset + this.bodyLeft);
      this.held.push(this.decipher.update(piece));
      this.bodyLeft -= piece.length;
      return piece.length;
    }
    const copied = data.copy(this.tag, this.tagBytes, offset, offset + TAG_BYTES - this.tagBytes);
    this.tagBytes += copied;
    if (this.tagBytes === TAG_BYTES) {
      this.verify(this.decipher, chunk);
    }
    return copied;
  }

  private verify(decipher: DecipherGCM, chunk: ChunkPlace): void {
    decipher.setAuthTag(this.tag);
    try {
      decipher.final();
    } catch {
      throw new FileIntegrityError(
        'chunk',
        `Chunk ${chunk.index} of ${chunkCount(this.plainSizeBytes)} does not authenticate: it was altered, moved or taken from another file, ` +
          `the file was cut short there, or the data key is not this file's`,
      );
    }
    this.decipher = undefined;
    this.tagBytes = 0;
    this.chunkAt += 1;
    if (chunk.final) {
      this.finalHeld = true;
    } else {
      this.release();
    }
  }

  /** Pushes the plaintext held of the chunk just verified, within the plan's range. */
  private release(): void {
    const chunk = this.plan.chunks[this.chunkAt - 1];
    let offset = chunk.plainStart;
    for (const piece of this.held) {
      const start = Math.max(this.plan.plain.start - offset, 0);
      const end = Math.min(this.plan.plain.end + 1 - offset, piece.length);
      if (end > start) {
        this.push(piece.subarray(start, end));
      }
      offset += piece.length;
    }
    this.held = [];
  }
}

/**
 * Plaintext in, the stored format out. It holds at most one chunk's worth of what is written into
 * it: a chunk is sealed only once the next byte arrives (or the input ends), since only then is it
 * known whether it is the file's final chunk, which its nonce says. It holds the buffers written
 * without copying them, as any Node stream that buffers does, so a writer must not reuse one.
 */
class ChunkEncryptor extends Transform {
  private readonly header: Buffer;
  private readonly key: Buffer;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private index = 0;

  constructor(dataKey: Buffer) {
    super();
    const salt = randomBytes(SALT_BYTES);
    this.header = encodeHeader(salt);
    this.key = fileKey(dataKey, salt);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      for (let offset = 0; offset < data.length;) {
        if (this.heldBytes === CHUNK_BYTES) {
          this.seal(false);
        }
        const piece = data.subarray(offset, offset + CHUNK_BYTES - this.heldBytes);
        this.held.push(piece);
        this.heldBytes += piece.length;
        offset += piece.length;
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      this.seal(true);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private seal(final: boolean): void {
    if (this.index >= MAX_CHUNKS) {
      throw new RangeError(`A file may hold at most ${MAX_CHUNKS} chunks of ${CHUNK_BYTES} bytes`);
    }
    if (this.index === 0) {
      this.push(Buffer.from(this.header));
    }
    const cipher = createCipheriv(ALGORITHM, this.key, chunkNonce(this.index, final), { authTagLength: TAG_BYTES });
    cipher.setAAD(this.header);
    for (const piece of this.held) {
      this.push(cipher.update(piece));
    }
    cipher.final();
    this.push(cipher.getAuthTag());
    this.held = [];
    this.heldBytes = 0;
    this.index += 1;
  }
}
