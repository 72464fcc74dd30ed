import { beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomInt } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assetsConfig } from '../../assets.config';
import { DataKeyError, type WrappedDataKey } from '../../service_layer/ports/data-keys.port';
import { FileIntegrityError } from '../../service_layer/ports/file-cipher.port';
import { type ByteRange, StoredObjectNotFoundError } from '../../service_layer/ports/file-storage.port';
import { AesGcmDataKeyWrapper } from './aes-gcm-data-key.wrapper';
import { ChunkedFileCipher } from './chunked-file.cipher';

const CHUNK = 64 * 1024;
const TAG = 16;
const HEADER = 41;
const STORED_CHUNK = CHUNK + TAG;

/** Real keys, as the module makes them from the configuration. */
function cipherWith(keys: string): { dataKeys: AesGcmDataKeyWrapper; cipher: ChunkedFileCipher } {
  const dataKeys = new AesGcmDataKeyWrapper(assetsConfig({ DATA_KEY_ENCRYPTION_KEYS: keys }).dataKeyEncryptionKeys);
  return { dataKeys, cipher: new ChunkedFileCipher(dataKeys) };
}

const OLD_KEK = `old:${randomBytes(32).toString('base64')}`;
const NEW_KEK = `new:${randomBytes(32).toString('base64')}`;
const { dataKeys, cipher } = cipherWith(OLD_KEK);

/** `plain` written into the encryptor in pieces of the sizes given in turn (the last size repeats), the stored bytes out. */
async function encrypt(key: WrappedDataKey, plain: Buffer, pieceSizes: number[] = [plain.length || 1]): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let offset = 0, turn = 0; offset < plain.length; turn++) {
    const size = pieceSizes[Math.min(turn, pieceSizes.length - 1)];
    pieces.push(plain.subarray(offset, offset + size));
    offset += size;
  }
  const stored: Buffer[] = [];
  await pipeline(
    Readable.from(pieces),
    cipher.encryptor(key),
    new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        stored.push(chunk);
        done();
      },
    }),
  );
  return Buffer.concat(stored);
}

/**
 * A stored object read the way HTTP and S3 answer a range (ending at the object's end if it asks
 * for more), in pieces of `pieceBytes`, keeping every range asked for.
 */
function storage(stored: Buffer, pieceBytes = 7001) {
  const ranges: ByteRange[] = [];
  const streams: Readable[] = [];
  const read = async (range: ByteRange) => {
    ranges.push(range);
    const bytes = stored.subarray(range.start, range.end + 1);
    const pieces = [];
    for (let offset = 0; offset < bytes.length; offset += pieceBytes) {
      pieces.push(bytes.subarray(offset, offset + pieceBytes));
    }
    const stream = Readable.from(pieces, { objectMode: false });
    streams.push(stream);
    return stream;
  };
  return { read, ranges, streams };
}

/** Everything the stream emitted, and the error it ended with, if any. */
async function drain(stream: Readable): Promise<{ emitted: Buffer; error?: Error }> {
  const emitted: Buffer[] = [];
  try {
    for await (const piece of stream) {
      emitted.push(piece as Buffer);
    }
    return { emitted: Buffer.concat(emitted) };
  } catch (error) {
    return { emitted: Buffer.concat(emitted), error: error as Error };
  }
}

async function decrypt(key: WrappedDataKey, plainSize: number, stored: Buffer, range?: ByteRange, pieceBytes?: number) {
  return drain(cipher.decrypt(key, plainSize, storage(stored, pieceBytes).read, range));
}

/**
 * The decryption failed with a FileIntegrityError and emitted only authentic plaintext, none of it
 * from chunk `badChunk` or later.
 */
function expectRefused(outcome: { emitted: Buffer; error?: Error }, plain: Buffer, badChunk: number, problem?: string): void {
  expect(outcome.error).toBeInstanceOf(FileIntegrityError);
  if (problem) {
    expect(outcome.error).toMatchObject({ problem });
  }
  expect(outcome.emitted.length).toBeLessThanOrEqual(badChunk * CHUNK);
  expect(outcome.emitted.equals(plain.subarray(0, outcome.emitted.length))).toBe(true);
}

/** Stored chunk `index` of a file (tag included). */
function chunkOf(stored: Buffer, index: number): Buffer {
  return stored.subarray(HEADER + index * STORED_CHUNK, Math.min(HEADER + (index + 1) * STORED_CHUNK, stored.length));
}

describe('ChunkedFileCipher', () => {
  describe('round trip', () => {
    it.each([
      ['empty', 0],
      ['one byte', 1],
      ['a byte short of a chunk', CHUNK - 1],
      ['exactly a chunk', CHUNK],
      ['a byte over a chunk', CHUNK + 1],
      ['exactly three chunks', 3 * CHUNK],
    ])('gives back a %s file, in the size it announced', async (_case, size) => {
      const key = dataKeys.generate();
      const plain = randomBytes(size);

      const stored = await encrypt(key, plain, [1, 1000, CHUNK + 3, 777]);

      expect(stored).toHaveLength(cipher.encryptedSize(size));
      expect(stored).toHaveLength(HEADER + size + TAG * Math.max(1, Math.ceil(size / CHUNK)));
      expect(await decrypt(key, size, stored)).toEqual({ emitted: plain });
    });

    it.each([
      ['odd-sized pieces', [12_345, 1, 99_999]],
      ['one write of it all', [Number.MAX_SAFE_INTEGER]],
      ['single bytes, then chunk-sized pieces', [...Array<number>(300).fill(1), CHUNK]],
    ])('gives back a file of several MB written in %s', async (_case, pieceSizes) => {
      const key = dataKeys.generate();
      const plain = randomBytes(5 * 1024 * 1024 + 321);

      const stored = await encrypt(key, plain, pieceSizes);

      expect(stored).toHaveLength(cipher.encryptedSize(plain.length));
      const outcome = await drain(cipher.decrypt(key, plain.length, storage(stored, 100_003).read));
      expect(outcome.error).toBeUndefined();
      expect(outcome.emitted.equals(plain)).toBe(true);
    });

    it('stores a header, then nothing of the plaintext, and never the same bytes twice for the same file', async () => {
      const key = dataKeys.generate();
      const plain = Buffer.alloc(2 * CHUNK + 5, 'keepsake ');

      const first = await encrypt(key, plain);
      const second = await encrypt(key, plain);

      expect(first.subarray(0, 9)).toEqual(Buffer.from([0x4b, 0x50, 0x45, 0x46, 1, 0, 1, 0, 0]));
      expect(first.includes(Buffer.from('keepsake keepsake'))).toBe(false);
      expect(first.subarray(9, HEADER).equals(second.subarray(9, HEADER))).toBe(false);
      expect(chunkOf(first, 0).equals(chunkOf(second, 0))).toBe(false);
      expect((await decrypt(key, plain.length, second)).emitted.equals(plain)).toBe(true);
    });

    it('knows the stored size of any plaintext size, and refuses sizes that are none', () => {
      expect(cipher.encryptedSize(0)).toBe(HEADER + TAG);
      expect(cipher.encryptedSize(1)).toBe(HEADER + 1 + TAG);
      expect(cipher.encryptedSize(CHUNK)).toBe(HEADER + CHUNK + TAG);
      expect(cipher.encryptedSize(CHUNK + 1)).toBe(HEADER + CHUNK + 1 + 2 * TAG);
      expect(cipher.encryptedSize(2 ** 30)).toBe(HEADER + 2 ** 30 + 2 ** 14 * TAG);
      for (const size of [-1, 1.5, Number.NaN, 2 ** 32 * CHUNK + 1]) {
        expect(() => cipher.encryptedSize(size)).toThrow(RangeError);
      }
    });

    it('holds about one chunk while its reader does not keep up, whatever is written', async () => {
      const encryptor = cipher.encryptor(dataKeys.generate());
      const piece = randomBytes(16 * 1024);
      let writes = 0;
      while (encryptor.write(piece)) {
        writes += 1;
        expect(writes).toBeLessThan(20);
      }

      expect(encryptor.readableLength + encryptor.writableLength).toBeLessThanOrEqual(2 * STORED_CHUNK);
      encryptor.destroy();
    });

    it('refuses at once to encrypt with a key that does not unwrap', () => {
      const { dataKeys: elsewhere } = cipherWith(NEW_KEK);

      expect(() => cipher.encryptor(elsewhere.generate())).toThrow(DataKeyError);
    });
  });

  describe('ranges', () => {
    const size = 3 * CHUNK + 100;
    const plain = randomBytes(size);
    const key = dataKeys.generate();
    let stored: Buffer;
    const boundaries = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 3 * CHUNK - 1, 3 * CHUNK, size - 2, size - 1];
    const ranges = boundaries.flatMap((start) => boundaries.filter((end) => end >= start).map((end) => ({ start, end })));

    /** What a decryption of `range` may read: the header apart unless the range starts in the first chunk, then the chunks holding it, and one byte past the file's end with its last. */
    function neededReads({ start, end }: ByteRange): ByteRange[] {
      const first = Math.floor(start / CHUNK);
      const last = Math.floor(end / CHUNK);
      const chunksStart = HEADER + first * STORED_CHUNK;
      const chunksEnd = last === 3 ? stored.length : HEADER + (last + 1) * STORED_CHUNK - 1;
      return first === 0
        ? [{ start: 0, end: chunksEnd }]
        : [
            { start: 0, end: HEADER - 1 },
            { start: chunksStart, end: chunksEnd },
          ];
    }

    beforeAll(async () => {
      stored = await encrypt(key, plain, [4099]);
    });

    it('decrypts every range around the chunk boundaries, reading only the chunks holding it', async () => {
      for (const range of ranges) {
        const { read, ranges: asked } = storage(stored);
        const outcome = await drain(cipher.decrypt(key, size, read, range));
        expect({ range, error: outcome.error, right: outcome.emitted.equals(plain.subarray(range.start, range.end + 1)) }).toEqual({
          range,
          error: undefined,
          right: true,
        });
        expect(asked.sort((a, b) => a.start - b.start)).toEqual(neededReads(range));
      }
    });

    it('reads one chunk and the header for a byte in the middle, and the whole file for all of it', async () => {
      const middle = storage(stored);
      const whole = storage(stored);

      expect((await drain(cipher.decrypt(key, size, middle.read, { start: CHUNK + 10, end: CHUNK + 10 }))).emitted).toEqual(
        plain.subarray(CHUNK + 10, CHUNK + 11),
      );
      expect((await drain(cipher.decrypt(key, size, whole.read))).emitted.equals(plain)).toBe(true);

      expect(middle.ranges).toEqual(
        expect.arrayContaining([
          { start: 0, end: 40 },
          { start: 41 + STORED_CHUNK, end: 40 + 2 * STORED_CHUNK },
        ]),
      );
      expect(whole.ranges).toEqual([{ start: 0, end: stored.length }]);
    });

    it.each([
      ['past the end', { start: size - 1, end: size }],
      ['backwards', { start: 5, end: 4 }],
      ['negative', { start: -1, end: 4 }],
      ['fractional', { start: 0.5, end: 4 }],
    ])('refuses a range %s, reading nothing', async (_case, range) => {
      const { read, ranges: asked } = storage(stored);

      expect((await drain(cipher.decrypt(key, size, read, range))).error).toBeInstanceOf(RangeError);
      expect(asked).toEqual([]);
    });

    it('refuses any range of an empty file', async () => {
      const empty = dataKeys.generate();
      const storedEmpty = await encrypt(empty, Buffer.alloc(0));

      expect((await decrypt(empty, 0, storedEmpty, { start: 0, end: 0 })).error).toBeInstanceOf(RangeError);
      expect(await decrypt(empty, 0, storedEmpty)).toEqual({ emitted: Buffer.alloc(0) });
    });
  });

  describe('tampering', () => {
    it('detects any byte flipped in a one-chunk file', async () => {
      const key = dataKeys.generate();
      const plain = randomBytes(100);
      const stored = await encrypt(key, plain);

      for (let position = 0; position < stored.length; position++) {
        const altered = Buffer.from(stored);
        altered[position] ^= 0x80;
        expectRefused(await decrypt(key, plain.length, altered), plain, 0);
      }
    });

    it('detects any byte flipped in the header or the last chunk of a two-chunk file, and throughout its first', async () => {
      const key = dataKeys.generate();
      const plain = randomBytes(CHUNK + 10);
      const stored = await encrypt(key, plain);
      const firstEnd = HEADER + STORED_CHUNK;
      // Every byte of the first chunk would take 65,552 decryptions: its edges, its tag and every 127th byte between.
      const positions = [...Array(stored.length).keys()].filter(
        (position) => position < HEADER + 256 || position >= firstEnd - 256 - TAG || (position - HEADER) % 127 === 0,
      );

      for (const position of positions) {
        const altered = Buffer.from(stored);
        altered[position] ^= 1 << (position % 8);
        const chunk = position < firstEnd ? 0 : 1;
        expectRefused(await decrypt(key, plain.length, altered), plain, chunk);
      }
    });

    it('detects bytes flipped anywhere in a file of several MB, in whole reads and in ranges', async () => {
      const key = dataKeys.generate();
      const plain = randomBytes(4 * 1024 * 1024 + 7);
      const stored = await encrypt(key, plain);

      for (let sample = 0; sample < 60; sample++) {
        const position = randomInt(stored.length);
        const altered = Buffer.from(stored);
        altered[position] ^= 1 << randomInt(8);
        const chunk = position < HEADER ? 0 : Math.floor((position - HEADER) / STORED_CHUNK);
        expectRefused(await decrypt(key, plain.length, altered, undefined, CHUNK), plain, chunk);
        const range = { start: chunk * CHUNK, end: Math.min((chunk + 1) * CHUNK, plain.length) - 1 };
        const outcome = await decrypt(key, plain.length, altered, range, CHUNK);
        expect(outcome.error).toBeInstanceOf(FileIntegrityError);
        expect(outcome.emitted).toHaveLength(0);
      }
    });

    it('tells a header of another format or version from a damaged chunk', async () => {
      const key = dataKeys.generate();
      const plain = randomBytes(10);
      const stored = await encrypt(key, plain);
      const version2 = Buffer.from(stored);
      version2[4] = 2;

      expect((await decrypt(key, 10, Buffer.concat([Buffer.from('%PDF'), stored.subarray(4)]))).error).toMatchObject({
        name: 'FileIntegrityError',
        problem: 'header',
      });
      expect((await decrypt(key, 10, version2)).error?.message).toBe(
        "The stored file's header says version 2 with 65536-byte chunks, not version 1 with 65536-byte chunks",
      );
    });

    describe('on a file of three chunks and a bit', () => {
      const key = dataKeys.generate();
      const size = 3 * CHUNK + 100;
      const plain = randomBytes(size);
      let stored: Buffer;

      beforeAll(async () => {
        stored = await encrypt(key, plain);
      });

      it('detects the last chunk dropped, and also when the size was made to agree, by the final flag', async () => {
        const withoutLast = stored.subarray(0, HEADER + 3 * STORED_CHUNK);

        expectRefused(await decrypt(key, size, withoutLast), plain, 3, 'truncated');
        expectRefused(await decrypt(key, 3 * CHUNK, withoutLast), plain, 2, 'chunk');
        expectRefused(await decrypt(key, 2 * CHUNK, stored.subarray(0, HEADER + 2 * STORED_CHUNK)), plain, 1, 'chunk');
      });

      it('detects the file cut short inside a chunk or its header', async () => {
        for (const length of [0, 20, HEADER, HEADER + 1, HEADER + STORED_CHUNK - 1, HEADER + STORED_CHUNK + 5000, stored.length - 1]) {
          const chunk = length <= HEADER ? 0 : Math.floor((length - HEADER) / STORED_CHUNK);
          expectRefused(await decrypt(key, size, stored.subarray(0, length)), plain, chunk, 'truncated');
        }
        const rangeInLast = { start: 3 * CHUNK, end: size - 1 };
        const outcome = await decrypt(key, size, stored.subarray(0, stored.length - 1), rangeInLast);
        expect(outcome).toMatchObject({ emitted: Buffer.alloc(0), error: { problem: 'truncated' } });
      });

      it('detects bytes appended after the final chunk, before emitting it', async () => {
        for (const extra of [Buffer.alloc(1), randomBytes(TAG), randomBytes(STORED_CHUNK)]) {
          const appended = Buffer.concat([stored, extra]);
          expectRefused(await decrypt(key, size, appended), plain, 3, 'trailing-bytes');
          const outcome = await decrypt(key, size, appended, { start: size - 1, end: size - 1 });
          expect(outcome).toMatchObject({ emitted: Buffer.alloc(0), error: { problem: 'trailing-bytes' } });
        }
      });

      it('detects two chunks swapped, or a chunk repeated', async () => {
        const swapped = Buffer.concat([
          stored.subarray(0, HEADER),
          chunkOf(stored, 1),
          chunkOf(stored, 0),
          chunkOf(stored, 2),
          chunkOf(stored, 3),
        ]);
        const repeated = Buffer.concat([
          stored.subarray(0, HEADER + STORED_CHUNK),
          chunkOf(stored, 0),
          chunkOf(stored, 2),
          chunkOf(stored, 3),
        ]);

        expectRefused(await decrypt(key, size, swapped), plain, 0, 'chunk');
        expectRefused(await decrypt(key, size, repeated), plain, 1, 'chunk');
        const inSecond = await decrypt(key, size, swapped, { start: CHUNK, end: CHUNK + 9 });
        expect(inSecond).toMatchObject({ emitted: Buffer.alloc(0), error: { problem: 'chunk' } });
      });

      it('detects a chunk or the header of another file under the same data key', async () => {
        const other = await encrypt(key, randomBytes(size));
        const foreignChunk = Buffer.concat([stored.subarray(0, HEADER + 2 * STORED_CHUNK), chunkOf(other, 2), chunkOf(stored, 3)]);
        const foreignHeader = Buffer.concat([other.subarray(0, HEADER), stored.subarray(HEADER)]);

        expectRefused(await decrypt(key, size, foreignChunk), plain, 2, 'chunk');
        expectRefused(await decrypt(key, size, foreignHeader), plain, 0, 'chunk');
      });

      it('refuses to decrypt with another data key, emitting nothing', async () => {
        expectRefused(await decrypt(dataKeys.generate(), size, stored), plain, 0, 'chunk');
      });

      it('passes on a storage failure as it is', async () => {
        const missing = async () => {
          throw new StoredObjectNotFoundError('abcd/abcd.enc');
        };

        expect((await drain(cipher.decrypt(key, size, missing))).error).toBeInstanceOf(StoredObjectNotFoundError);
        expect((await drain(cipher.decrypt(key, size, missing, { start: CHUNK, end: CHUNK }))).error).toBeInstanceOf(
          StoredObjectNotFoundError,
        );
      });

      it('stops reading the stored file when its reader goes away', async () => {
        const { read, streams } = storage(stored);
        const plaintext = cipher.decrypt(key, size, read);
        for await (const _piece of plaintext) {
          break;
        }

        expect(streams).toHaveLength(1);
        await new Promise((closed) => (streams[0].closed ? closed(undefined) : streams[0].once('close', closed)));
        expect(streams[0].readableEnded).toBe(false);
      });
    });
  });

  describe('KEK rotation', () => {
    it('keeps a file readable once its data key is re-wrapped with the new KEK, and then without the old one', async () => {
      const key = dataKeys.generate();
      const plain = randomBytes(CHUNK + 3);
      const stored = await encrypt(key, plain);
      const during = cipherWith(`${NEW_KEK},${OLD_KEK}`);
      const after = cipherWith(NEW_KEK);

      expect((await drain(during.cipher.decrypt(key, plain.length, storage(stored).read))).emitted.equals(plain)).toBe(true);
      const rewrapped = during.dataKeys.rewrap(key);

      expect(rewrapped.keyId).toBe('new');
      expect((await drain(after.cipher.decrypt(rewrapped, plain.length, storage(stored).read))).emitted.equals(plain)).toBe(true);
    });

    it('fails clearly for a data key whose KEK is no longer configured, reading nothing', async () => {
      const key = dataKeys.generate();
      const stored = await encrypt(key, randomBytes(10));
      const after = cipherWith(NEW_KEK);
      const { read, ranges } = storage(stored);

      const outcome = await drain(after.cipher.decrypt(key, 10, read));

      expect(outcome.error).toBeInstanceOf(DataKeyError);
      expect(outcome.error?.message).toContain('key-encryption key "old", which is not configured');
      expect(outcome.emitted).toHaveLength(0);
      expect(ranges).toEqual([]);
      expect(() => after.dataKeys.rewrap(key)).toThrow(DataKeyError);
    });
  });
});
