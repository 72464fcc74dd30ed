export const DATA_KEYS = Symbol('DATA_KEYS');

/**
 * A file's data key as it is stored: encrypted ("wrapped") with a key-encryption key (KEK), never in
 * clear. `keyId` names the KEK, so data keys wrapped with an older KEK stay readable after rotation.
 */
export interface WrappedDataKey {
  /** How the data key is wrapped, e.g. `aes-256-gcm`. */
  algorithm: string;
  keyId: string;
  /** base64 of what the wrapping produced (nonce, ciphertext and tag). */
  wrapped: string;
}

/**
 * Raised when a wrapped data key cannot be unwrapped: its algorithm is unknown, the KEK it names is
 * not configured (any more), or it does not authenticate under that KEK (altered, or the KEK under
 * that id was replaced).
 */
export class DataKeyError extends Error {
  constructor(
    readonly keyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** Makes and re-wraps data keys; only the adapter ever holds a KEK or an unwrapped data key. */
export interface DataKeys {
  /** A fresh random 256-bit data key, wrapped with the current KEK. */
  generate(): WrappedDataKey;
  /** Whether `key` is wrapped with the current KEK. */
  isCurrent(key: WrappedDataKey): boolean;
  /**
   * The same data key wrapped with the current KEK. Throws when its KEK is not configured or the
   * wrapped key was altered.
   */
  rewrap(key: WrappedDataKey): WrappedDataKey;
}
