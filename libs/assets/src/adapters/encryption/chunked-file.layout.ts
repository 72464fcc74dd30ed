import type { ByteRange } from '../../service_layer/ports/file-storage.port';
import { FileIntegrityError } from '../../service_layer/ports/file-cipher.port';

/**
 * Where each part of a file stored in the chunked format lies, and the header and nonces it is made
 * of: plain byte arithmetic, no cryptography (docs/file-encryption.md describes the format).
 */

const MAGIC = Buffer.from('KPEF', 'ascii');
const VERSION = 1;
/** Plaintext bytes per chunk; every chunk but the file's last is exactly this long. */
export const CHUNK_BYTES = 64 * 1024;
export const SALT_BYTES = 32;
export const TAG_BYTES = 16;
export const NONCE_BYTES = 12;
/** Magic (4 bytes), version (1), chunk size (4, big-endian), salt (32). */
export const HEADER_BYTES = MAGIC.length + 1 + 4 + SALT_BYTES;
const STORED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
/** Version 1 counts chunks in 32 bits of its 11-byte counter: 256 TiB, far beyond any upload limit. */
export const MAX_CHUNKS = 2 ** 32;

export function encodeHeader(salt: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(VERSION, MAGIC.length);
  header.writeUInt32BE(CHUNK_BYTES, MAGIC.length + 1);
  salt.copy(header, MAGIC.length + 5);
  return header;
}

/** The file's salt, once its header is this format's: this version, with this chunk size. */
export function saltOf(header: Buffer): Buffer {
  if (header.length < HEADER_BYTES) {
    throw new FileIntegrityError('truncated', `The stored file ends inside its ${HEADER_BYTES}-byte header`);
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new FileIntegrityError('header', 'The stored file does not start with the encrypted-file magic bytes');
  }
  const version = header.readUInt8(MAGIC.length);
  const chunkBytes = header.readUInt32BE(MAGIC.length + 1);
  if (version !== VERSION || chunkBytes !== CHUNK_BYTES) {
    throw new FileIntegrityError(
      'header',
      `The stored file's header says version ${version} with ${chunkBytes}-byte chunks, not version ${VERSION} with ${CHUNK_BYTES}-byte chunks`,
    );
  }
  return header.subarray(MAGIC.length + 5, HEADER_BYTES);
}

/** STREAM's nonce: the chunk's index as an 11-byte big-endian counter, then 1 on the file's last chunk, else 0. */
export function chunkNonce(index: number, final: boolean): Buffer {
  const nonce = Buffer.alloc(NONCE_BYTES);
  nonce.writeUInt32BE(index, NONCE_BYTES - 5);
  nonce.writeUInt8(final ? 1 : 0, NONCE_BYTES - 1);
  return nonce;
}

/** An empty file is one empty final chunk, so even it proves that nothing was cut off. */
export function chunkCount(plainSizeBytes: number): number {
  return Math.max(1, Math.ceil(plainSizeBytes / CHUNK_BYTES));
}

export function encryptedSize(plainSizeBytes: number): number {
  checkPlainSize(plainSizeBytes);
  return HEADER_BYTES + plainSizeBytes + chunkCount(plainSizeBytes) * TAG_BYTES;
}

export function checkPlainSize(plainSizeBytes: number): void {
  if (!Number.isSafeInteger(plainSizeBytes) || plainSizeBytes < 0) {
    throw new RangeError(`A file size must be a whole number of bytes, not ${plainSizeBytes}`);
  }
  if (chunkCount(plainSizeBytes) > MAX_CHUNKS) {
    throw new RangeError(
      `A file of ${plainSizeBytes} bytes is larger than the format allows (${MAX_CHUNKS} chunks of ${CHUNK_BYTES} bytes)`,
    );
  }
}

/** Where chunk `index` lies in the stored file (tag included), and which plaintext bytes it holds. */
export interface ChunkPlace {
  index: number;
  final: boolean;
  storedBytes: number;
  /** Offset in the file's plaintext of the chunk's first byte. */
  plainStart: number;
}

/** What a decryption of `range` of a file of `plainSizeBytes` reads, and what it keeps. */
export interface DecryptionPlan {
  /** The stored bytes holding the chunks, and the header too when they start at the file's first chunk. */
  stored: ByteRange;
  /** Whether the header must be read apart, the chunks starting after the first. */
  headerApart: boolean;
  chunks: ChunkPlace[];
  /** The plaintext wanted, both ends included. */
  plain: ByteRange;
}

/**
 * The chunks holding `range` (the whole file without one), and the stored bytes to read for them.
 * When they include the file's final chunk, the stored range runs one byte past the file's end: a
 * reader that, as HTTP and S3 do, ends a range at the object's end gives nothing more, so any byte it
 * does give was appended to the file.
 */
export function planDecryption(plainSizeBytes: number, range?: ByteRange): DecryptionPlan {
  checkPlainSize(plainSizeBytes);
  const plain = range ?? { start: 0, end: plainSizeBytes - 1 };
  if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && 0 <= range.start && range.start <= range.end)) {
    throw new RangeError(`Bytes ${range.start}-${range.end} are not a range`);
  }
  if (range && range.end >= plainSizeBytes) {
    throw new RangeError(`Bytes ${range.start}-${range.end} are not all within a file of ${plainSizeBytes} bytes`);
  }
  const total = chunkCount(plainSizeBytes);
  const first = Math.floor(Math.max(plain.start, 0) / CHUNK_BYTES);
  const last = Math.floor(Math.max(plain.end, 0) / CHUNK_BYTES);
  const chunks: ChunkPlace[] = [];
  for (let index = first; index <= last; index++) {
    const plainStart = index * CHUNK_BYTES;
    chunks.push({
      index,
      final: index === total - 1,
      storedBytes: Math.min(CHUNK_BYTES, plainSizeBytes - plainStart) + TAG_BYTES,
      plainStart,
    });
  }
  const storedStart = HEADER_BYTES + first * STORED_CHUNK_BYTES;
  const storedEnd = last === total - 1 ? encryptedSize(plainSizeBytes) : storedStart + (last - first + 1) * STORED_CHUNK_BYTES - 1;
  return { stored: { start: first === 0 ? 0 : storedStart, end: storedEnd }, headerApart: first !== 0, chunks, plain };
}
