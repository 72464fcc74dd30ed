import type { Readable, Transform } from 'node:stream';
import type { ByteRange } from './file-storage.port';
import type { WrappedDataKey } from './data-keys.port';

export const FILE_CIPHER = Symbol('FILE_CIPHER');

/** Reads a range of the stored (encrypted) object, so a decryption fetches only what it needs. */
export type StoredRangeReader = (range: ByteRange) => Promise<Readable>;

/**
 * What a decryption found wrong with a stored file:
 * - `header`: not this format's header (another format, another version, not an encrypted file);
 * - `chunk`: a chunk does not authenticate: altered, moved, taken from another file or missing
 *   where it should be the file's last, or the data key is not this file's;
 * - `truncated`: the stored file ends before the plaintext size says it should;
 * - `trailing-bytes`: bytes follow the file's final chunk.
 */
export type FileIntegrityProblem = 'header' | 'chunk' | 'truncated' | 'trailing-bytes';

/**
 * Fails a decryption whose stored file is not exactly what was encrypted with the key given. Nothing
 * of the chunk at fault has been emitted; only chunks before it, which did authenticate.
 */
export class FileIntegrityError extends Error {
  constructor(
    readonly problem: FileIntegrityProblem,
    message: string,
  ) {
    super(message);
    this.name = 'FileIntegrityError';
  }
}

/**
 * Encrypts files as they stream in and decrypts them as they stream out, in authenticated chunks
 * (docs/file-encryption.md), with the file's own data key.
 */
export interface FileCipher {
  /** The format's name, stored with each file so a later format can sit beside this one. */
  readonly format: string;
  /** A stream that turns the plaintext written into it into the stored format. */
  encryptor(key: WrappedDataKey): Transform;
  /** How many bytes the stored format takes for a file of `plainSizeBytes`. */
  encryptedSize(plainSizeBytes: number): number;
  /**
   * The plaintext of the file (`plainSizeBytes` long), or only `range` of it, reading only the
   * chunks that hold it. The stream fails, without emitting the chunk, as soon as a chunk does not
   * authenticate, is missing, is out of place or the file ends early: it never yields altered bytes.
   */
  decrypt(key: WrappedDataKey, plainSizeBytes: number, read: StoredRangeReader, range?: ByteRange): Readable;
}
