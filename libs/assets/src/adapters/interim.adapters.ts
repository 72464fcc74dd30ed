import { createCipheriv, randomBytes } from 'node:crypto';
import type { Readable, Transform } from 'node:stream';
import type { DataKeys, WrappedDataKey } from '../service_layer/ports/data-keys.port';
import type { FileCipher } from '../service_layer/ports/file-cipher.port';
import type { FileStorage } from '../service_layer/ports/file-storage.port';

const INTERIM_KEY_ID = 'default';

/**
 * Stands in for the data-key adapter of issue 13's crypto branch until it is merged, which replaces
 * this file: it wraps a fresh random key with AES-256-GCM under the KEK, and re-wraps nothing.
 */
export class InterimDataKeys implements DataKeys {
  constructor(private readonly keyEncryptionKey: Buffer) {}

  generate(): WrappedDataKey {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyEncryptionKey, nonce);
    const wrapped = Buffer.concat([nonce, cipher.update(randomBytes(32)), cipher.final(), cipher.getAuthTag()]);
    return { algorithm: 'aes-256-gcm', keyId: INTERIM_KEY_ID, wrapped: wrapped.toString('base64') };
  }

  isCurrent(key: WrappedDataKey): boolean {
    return key.keyId === INTERIM_KEY_ID;
  }

  rewrap(): WrappedDataKey {
    throw new Error('Data keys cannot be re-wrapped before the crypto adapters are merged');
  }
}

/** Stands in for the chunked file cipher of issue 13's crypto branch: it names the format and encrypts nothing yet. */
export class InterimFileCipher implements FileCipher {
  readonly format = 'keepem-chunked-v1';

  encryptor(): Transform {
    throw new Error('Files cannot be encrypted before the crypto adapters are merged');
  }

  encryptedSize(): number {
    throw new Error('Files cannot be encrypted before the crypto adapters are merged');
  }

  decrypt(): Readable {
    throw new Error('Files cannot be decrypted before the crypto adapters are merged');
  }
}

/**
 * Stands in for the storage adapters of issue 13's storage branch until they are merged: nothing is
 * stored before the upload route exists, so there is nothing to delete either.
 */
export class InterimFileStorage implements FileStorage {
  write(): Promise<{ sizeBytes: number }> {
    return Promise.reject(new Error('Files cannot be stored before the storage adapters are merged'));
  }

  read(): Promise<Readable> {
    return Promise.reject(new Error('Files cannot be read before the storage adapters are merged'));
  }

  async sizeOf(): Promise<number | null> {
    return null;
  }

  async delete(): Promise<void> {}

  async check(): Promise<void> {}
}
