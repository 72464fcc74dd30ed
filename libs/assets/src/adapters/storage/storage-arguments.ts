import type { ByteRange } from '../../service_layer/ports/file-storage.port';

/** Raised for a key no driver accepts: see `checkStorageKey`. */
export class InvalidStorageKeyError extends Error {
  constructor(readonly key: string) {
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 100))}`);
    this.name = 'InvalidStorageKeyError';
  }
}

/**
 * One segment of a key: letters, digits, `.`, `_` and `-`, not starting with a dot. So `..`, `.`,
 * empty segments (an absolute path, `a//b`), backslashes, drive letters and control characters are
 * all refused, and no key can name the local driver's hidden temporary files.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const MAX_KEY_LENGTH = 1024;

/**
 * The same keys are valid on every driver, so objects can move from disk to a bucket and back:
 * `/`-separated segments such as `abcd/abcd1234-….enc`. A key cannot leave the local driver's
 * directory whatever it holds.
 */
export function checkStorageKey(key: string): string {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_KEY_LENGTH ||
    !key.split('/').every((segment) => SEGMENT.test(segment))
  ) {
    throw new InvalidStorageKeyError(String(key));
  }
  return key;
}

/** Whole non-negative byte offsets, `start` not after `end`; anything else is a caller's mistake. */
export function checkByteRange(range: ByteRange | undefined): void {
  if (range && !(Number.isSafeInteger(range.start) && Number.isSafeInteger(range.end) && range.start >= 0 && range.start <= range.end)) {
    throw new RangeError(`Invalid byte range ${range.start}-${range.end}`);
  }
}

/** What both drivers raise when a range starts at or past the end of the object (HTTP's 416). */
export function rangeNotSatisfiable(key: string, range: ByteRange): RangeError {
  return new RangeError(`Byte range ${range.start}-${range.end} starts past the end of ${key}`);
}
