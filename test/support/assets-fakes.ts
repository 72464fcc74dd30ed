import { randomBytes } from 'node:crypto';
import { PassThrough, Readable, type Transform } from 'node:stream';
import type { DataKeys, WrappedDataKey } from '../../libs/assets/src/service_layer/ports/data-keys.port';
import type { FileCipher } from '../../libs/assets/src/service_layer/ports/file-cipher.port';
import { type ByteRange, type FileStorage, StoredObjectNotFoundError } from '../../libs/assets/src/service_layer/ports/file-storage.port';

/**
 * Data keys for handler tests: each one distinct, "wrapped" under a KEK id the test chooses, so a
 * test sees which key an asset holds and whether it was re-wrapped; nothing is encrypted.
 */
export class FakeDataKeys implements DataKeys {
  currentKeyId = 'kek-1';
  readonly generated: WrappedDataKey[] = [];

  generate(): WrappedDataKey {
    const key = { algorithm: 'fake-wrap', keyId: this.currentKeyId, wrapped: randomBytes(16).toString('base64') };
    this.generated.push(key);
    return key;
  }

  isCurrent(key: WrappedDataKey): boolean {
    return key.keyId === this.currentKeyId;
  }

  rewrap(key: WrappedDataKey): WrappedDataKey {
    return { ...key, keyId: this.currentKeyId };
  }

  keyIds(): { current: string; retired: string[] } {
    return { current: this.currentKeyId, retired: [] };
  }
}

/** A "cipher" that stores the plaintext as it is: handler tests check where bytes go, not how they are encrypted. */
export class FakeFileCipher implements FileCipher {
  readonly format = 'fake-plain-v1';

  encryptor(): Transform {
    return new PassThrough();
  }

  encryptedSize(plainSizeBytes: number): number {
    return plainSizeBytes;
  }

  decrypt(_key: WrappedDataKey, plainSizeBytes: number, read: (range: ByteRange) => Promise<Readable>, range?: ByteRange): Readable {
    const wanted = range ?? { start: 0, end: plainSizeBytes - 1 };
    const out = new PassThrough();
    read(wanted).then(
      (stream) => stream.pipe(out),
      (error: unknown) => out.destroy(error as Error),
    );
    return out;
  }
}

/** File storage in a Map, all or nothing as the port asks; a test may make `delete` fail to stand for a crash. */
export class MemoryFileStorage implements FileStorage {
  readonly objects = new Map<string, Buffer>();
  readonly deleted: string[] = [];
  failDeletes = false;

  async write(key: string, content: Readable): Promise<{ sizeBytes: number }> {
    const chunks: Buffer[] = [];
    for await (const chunk of content) {
      chunks.push(Buffer.from(chunk as Buffer));
    }
    const bytes = Buffer.concat(chunks);
    this.objects.set(key, bytes);
    return { sizeBytes: bytes.length };
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const bytes = this.objects.get(key);
    if (!bytes) {
      throw new StoredObjectNotFoundError(key);
    }
    return Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]);
  }

  async sizeOf(key: string): Promise<number | null> {
    return this.objects.get(key)?.length ?? null;
  }

  async delete(key: string): Promise<void> {
    if (this.failDeletes) {
      throw new Error(`storage unreachable: cannot delete ${key}`);
    }
    this.objects.delete(key);
    this.deleted.push(key);
  }

  async check(): Promise<void> {}
}
