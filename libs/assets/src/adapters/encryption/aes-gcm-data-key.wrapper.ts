import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyEncryptionKeys } from '../../assets.config';
import { DataKeyError, type DataKeys, type WrappedDataKey } from '../../service_layer/ports/data-keys.port';

const ALGORITHM = 'aes-256-gcm';
const DATA_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const WRAPPED_BYTES = NONCE_BYTES + DATA_KEY_BYTES + TAG_BYTES;

/**
 * Authenticated with the wrapped key: what it is and which KEK wrapped it, so a wrapped key relabelled
 * with another key id, or the output of any other use of a KEK, never unwraps as a data key.
 */
function associatedData(keyId: string): Buffer {
  return Buffer.from(`keepem data key v1 ${ALGORITHM} ${keyId}`, 'utf8');
}

/**
 * Data keys wrapped with AES-256-GCM under the configured key-encryption keys (KEKs), as
 * `nonce (12 bytes) | encrypted key (32) | tag (16)` in base64, with a random nonce: a KEK wraps
 * one key per file, far below the 2^32 random nonces GCM allows under one key.
 */
export class AesGcmDataKeyWrapper implements DataKeys {
  private readonly currentKek: Buffer;

  constructor(private readonly keks: KeyEncryptionKeys) {
    const current = keks.keys.get(keks.current);
    if (!current) {
      throw new DataKeyError(keks.current, `The current key-encryption key "${keks.current}" is not among the configured ones`);
    }
    this.currentKek = current;
  }

  generate(): WrappedDataKey {
    return this.wrap(randomBytes(DATA_KEY_BYTES));
  }

  isCurrent(key: WrappedDataKey): boolean {
    return key.algorithm === ALGORITHM && key.keyId === this.keks.current;
  }

  rewrap(key: WrappedDataKey): WrappedDataKey {
    return this.wrap(this.unwrap(key));
  }

  keyIds(): { current: string; retired: string[] } {
    return { current: this.keks.current, retired: [...this.keks.keys.keys()].filter((id) => id !== this.keks.current) };
  }

  /**
   * The data key in clear. Not on the DataKeys port: only the file cipher, in this layer, ever
   * holds a data key in clear.
   */
  unwrap(key: WrappedDataKey): Buffer {
    if (key.algorithm !== ALGORITHM) {
      throw new DataKeyError(key.keyId, `A data key wrapped with ${key.algorithm} cannot be unwrapped: only ${ALGORITHM} is known`);
    }
    const kek = this.keks.keys.get(key.keyId);
    if (!kek) {
      throw new DataKeyError(
        key.keyId,
        `The data key is wrapped with the key-encryption key "${key.keyId}", which is not configured: ` +
          'list it in DATA_KEY_ENCRYPTION_KEYS until every data key it wraps is re-wrapped',
      );
    }
    const wrapped = Buffer.from(key.wrapped, 'base64');
    const refused = () =>
      new DataKeyError(
        key.keyId,
        `The data key does not unwrap with the key-encryption key "${key.keyId}": it was altered, or the key under that id changed`,
      );
    if (wrapped.length !== WRAPPED_BYTES) {
      throw refused();
    }
    const decipher = createDecipheriv(ALGORITHM, kek, wrapped.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(key.keyId));
    decipher.setAuthTag(wrapped.subarray(NONCE_BYTES + DATA_KEY_BYTES));
    const dataKey = decipher.update(wrapped.subarray(NONCE_BYTES, NONCE_BYTES + DATA_KEY_BYTES));
    try {
      decipher.final();
    } catch {
      throw refused();
    }
    return dataKey;
  }

  private wrap(dataKey: Buffer): WrappedDataKey {
    const keyId = this.keks.current;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.currentKek, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(keyId));
    const encrypted = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return { algorithm: ALGORITHM, keyId, wrapped: Buffer.concat([nonce, encrypted, cipher.getAuthTag()]).toString('base64') };
  }
}
