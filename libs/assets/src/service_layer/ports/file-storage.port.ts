import type { Readable } from 'node:stream';

export const FILE_STORAGE = Symbol('FILE_STORAGE');

/** Bytes `start` to `end` of an object, both included, as in an HTTP `Range` header. */
export interface ByteRange {
  start: number;
  end: number;
}

/** Raised when an object that should be there is not. */
export class StoredObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object at ${key}`);
    this.name = 'StoredObjectNotFoundError';
  }
}

/**
 * Where encrypted files live: local disk or an S3 bucket. It only ever sees ciphertext. Keys are
 * paths like `abcd/abcd1234-….enc`.
 */
export interface FileStorage {
  /**
   * Streams `content` into the object at `key`, replacing any object there. All or nothing: if the
   * stream fails or is destroyed, no object (and no partial one) is left at `key`, and an object
   * that was there before stays as it was. Resolves with the number of bytes stored.
   */
  write(key: string, content: Readable): Promise<{ sizeBytes: number }>;
  /** Streams the object, or only `range` of it. Rejects with StoredObjectNotFoundError when absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size, or null when there is none. */
  sizeOf(key: string): Promise<number | null>;
  /** Deletes the object; deleting one that is not there is not an error. */
  delete(key: string): Promise<void>;
  /** Rejects when the storage cannot be reached, for the readiness check. */
  check(): Promise<void>;
}
