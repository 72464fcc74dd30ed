import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { destroyedAfter, randomContent, readAll, streamOf } from '../../../../../test/support/byte-streams';
import { storageDrivers, type StorageUnderTest } from '../../../../../test/support/storage-drivers';
import { StoredObjectNotFoundError } from '../../service_layer/ports/file-storage.port';
import { InvalidStorageKeyError } from './storage-arguments';
import { PART_SIZE_BYTES } from './s3-file.storage';

/** A key as the assets context makes them: `{id[0:4]}/{id}.enc`. */
function assetKey(): string {
  const id = randomUUID();
  return `${id.slice(0, 4)}/${id}.enc`;
}

const MB = 1024 * 1024;

/** What a comparison of bytes shows on failure, rather than every byte. */
const digest = (bytes: Buffer) => ({ length: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });

describe.each(storageDrivers('FileStorage contract'))('FileStorage contract: $name', (driver) => {
  const test = driver.skipped ? it.skip : it;
  let under: StorageUnderTest;
  const storage = () => under.storage;

  beforeAll(() => {
    // The S3 driver warns when it cannot abort an upload, which s3rver cannot do; asserted in its own spec.
    Logger.overrideLogger(false);
  });
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));
  beforeEach(async () => {
    if (!driver.skipped) {
      under = await driver.start();
    }
  }, 30_000);
  afterEach(() => under?.close());

  async function contentAt(key: string, range?: { start: number; end: number }) {
    return digest(await readAll(await storage().read(key, range)));
  }

  test('reads back what was written, and tells its size', async () => {
    const key = assetKey();
    const content = randomContent(100_000);

    expect(await storage().write(key, streamOf(content))).toEqual({ sizeBytes: 100_000 });

    expect(await contentAt(key)).toEqual(digest(content));
    expect(await storage().sizeOf(key)).toBe(100_000);
    expect(await under.storedFiles()).toEqual([key]);
  });

  test('keeps an empty object', async () => {
    const key = assetKey();

    expect(await storage().write(key, streamOf(Buffer.alloc(0)))).toEqual({ sizeBytes: 0 });

    expect(await contentAt(key)).toEqual(digest(Buffer.alloc(0)));
    expect(await storage().sizeOf(key)).toBe(0);
  });

  test('reads ranges, both ends included: first byte, last byte, middle, whole, and past the end', async () => {
    const key = assetKey();
    const content = randomContent(10_000);
    await storage().write(key, streamOf(content));

    expect(await contentAt(key, { start: 0, end: 0 })).toEqual(digest(content.subarray(0, 1)));
    expect(await contentAt(key, { start: 9_999, end: 9_999 })).toEqual(digest(content.subarray(9_999)));
    expect(await contentAt(key, { start: 1_234, end: 5_678 })).toEqual(digest(content.subarray(1_234, 5_679)));
    expect(await contentAt(key, { start: 0, end: 9_999 })).toEqual(digest(content));
    // As in HTTP, a range that ends past the object stops at its end.
    expect(await contentAt(key, { start: 9_000, end: 20_000 })).toEqual(digest(content.subarray(9_000)));
  });

  test('refuses a range that starts past the end of the object, or is no range at all', async () => {
    const key = assetKey();
    await storage().write(key, streamOf(randomContent(10)));

    await expect(storage().read(key, { start: 10, end: 20 })).rejects.toThrow(RangeError);
    await expect(storage().read(key, { start: 5, end: 4 })).rejects.toThrow(RangeError);
    await expect(storage().read(key, { start: -1, end: 4 })).rejects.toThrow(RangeError);
    await expect(storage().read(key, { start: 0.5, end: 4 })).rejects.toThrow(RangeError);
  });

  test('replaces an object on a second write, a longer one by a shorter one included', async () => {
    const key = assetKey();
    await storage().write(key, streamOf(randomContent(50_000)));
    const shorter = randomContent(1_000);

    await storage().write(key, streamOf(shorter));

    expect(await contentAt(key)).toEqual(digest(shorter));
    expect(await storage().sizeOf(key)).toBe(1_000);
    expect(await under.storedFiles()).toEqual([key]);
  });

  test('keeps objects under keys that share a prefix apart', async () => {
    const id = randomUUID();
    const [first, second] = [`${id.slice(0, 4)}/${id}.enc`, `${id.slice(0, 4)}/${id}-other.enc`];
    await storage().write(first, streamOf(Buffer.from('first')));
    await storage().write(second, streamOf(Buffer.from('second')));

    await storage().delete(first);

    expect(await contentAt(second)).toEqual(digest(Buffer.from('second')));
    expect(await under.storedFiles()).toEqual([second]);
  });

  test('forgets a deleted object: reading it rejects, its size is null, deleting it again is fine', async () => {
    const key = assetKey();
    await storage().write(key, streamOf(randomContent(1_000)));

    await storage().delete(key);

    await expect(storage().read(key)).rejects.toThrow(StoredObjectNotFoundError);
    await expect(storage().read(key, { start: 0, end: 0 })).rejects.toThrow(StoredObjectNotFoundError);
    expect(await storage().sizeOf(key)).toBeNull();
    await expect(storage().delete(key)).resolves.toBeUndefined();
    expect(await under.storedFiles()).toEqual([]);
  });

  test('knows no object under a key never written', async () => {
    const key = assetKey();

    await expect(storage().read(key)).rejects.toEqual(new StoredObjectNotFoundError(key));
    expect(await storage().sizeOf(key)).toBeNull();
    await expect(storage().delete(key)).resolves.toBeUndefined();
  });

  test('leaves nothing when the source fails mid-way, and rejects with its error', async () => {
    const key = assetKey();
    const failure = new Error('the client went away');

    await expect(storage().write(key, streamOf(randomContent(200_000), { failAfter: 100_000, error: failure }))).rejects.toBe(failure);

    expect(await storage().sizeOf(key)).toBeNull();
    await expect(storage().read(key)).rejects.toThrow(StoredObjectNotFoundError);
    expect(await under.storedFiles()).toEqual([]);
  });

  test('leaves nothing when the source fails after more than one S3 part', async () => {
    const key = assetKey();
    const failure = new Error('the client went away');

    const source = streamOf(randomContent(3 * PART_SIZE_BYTES), { chunkSize: MB, failAfter: 2 * PART_SIZE_BYTES + MB, error: failure });
    await expect(storage().write(key, source)).rejects.toBe(failure);

    expect(await storage().sizeOf(key)).toBeNull();
    expect(await under.storedFiles()).toEqual([]);
  });

  test('leaves nothing when the source is destroyed without an error', async () => {
    const key = assetKey();

    await expect(storage().write(key, destroyedAfter(randomContent(1_000)))).rejects.toThrow();

    expect(await storage().sizeOf(key)).toBeNull();
    expect(await under.storedFiles()).toEqual([]);
  });

  test('keeps the previous object whole when a write replacing it fails', async () => {
    const key = assetKey();
    const previous = randomContent(30_000);
    await storage().write(key, streamOf(previous));

    await expect(storage().write(key, streamOf(randomContent(200_000), { failAfter: 100_000 }))).rejects.toThrow('the source failed');
    await expect(storage().write(key, destroyedAfter(randomContent(1_000)))).rejects.toThrow();

    expect(await contentAt(key)).toEqual(digest(previous));
    expect(await under.storedFiles()).toEqual([key]);
  });

  test('destroys the source of a failed write, so its producer stops', async () => {
    const source = streamOf(randomContent(200_000), { failAfter: 100_000 });

    await expect(storage().write(assetKey(), source)).rejects.toThrow();

    expect(source.destroyed).toBe(true);
  });

  test('ends two writes racing for one key with one of them, whole', async () => {
    const key = assetKey();
    // Small enough to reach s3rver in one piece: it writes a body into its file as it arrives.
    const [one, other] = [randomContent(8_192), randomContent(8_192)];

    const results = await Promise.all([
      storage().write(key, streamOf(one, { chunkSize: 1_024 })),
      storage().write(key, streamOf(other, { chunkSize: 1_024 })),
    ]);

    expect(results).toEqual([{ sizeBytes: 8_192 }, { sizeBytes: 8_192 }]);
    expect([digest(one), digest(other)]).toContainEqual(await contentAt(key));
    expect(await under.storedFiles()).toEqual([key]);
  });

  test('round-trips an object of several S3 parts, and reads a range across a part boundary', async () => {
    const key = assetKey();
    const content = randomContent(12 * MB);

    expect(await storage().write(key, streamOf(content, { chunkSize: MB }))).toEqual({ sizeBytes: 12 * MB });

    expect(await storage().sizeOf(key)).toBe(12 * MB);
    expect(await contentAt(key)).toEqual(digest(content));
    const boundary = { start: PART_SIZE_BYTES - 10, end: PART_SIZE_BYTES + 9 };
    expect(await contentAt(key, boundary)).toEqual(digest(content.subarray(boundary.start, boundary.end + 1)));
  }, 60_000);

  test.each([
    '../escape.enc',
    'abcd/../../escape.enc',
    '/etc/passwd',
    'abcd\\escape.enc',
    'abcd//x.enc',
    '.hidden',
    'abcd/.x.enc',
    '',
    'ab cd/x.enc',
  ])('refuses the key %j everywhere', async (key) => {
    const source = streamOf(Buffer.from('content'));

    await expect(storage().write(key, source)).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage().read(key)).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage().sizeOf(key)).rejects.toThrow(InvalidStorageKeyError);
    await expect(storage().delete(key)).rejects.toThrow(InvalidStorageKeyError);
    expect(source.destroyed).toBe(true);
    expect(await under.storedFiles()).toEqual([]);
  });

  test('is ready when it can be reached', async () => {
    await expect(storage().check()).resolves.toBeUndefined();
  });
});
