import type { WrappedDataKey } from '../../domain/wrapped-data-key';

export type { WrappedDataKey };

export const DATA_KEYS = Symbol('DATA_KEYS');

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
  /** The configured KEKs by id: the current one, and the retired ones data keys can still be re-wrapped from. */
  keyIds(): { current: string; retired: string[] };
}
