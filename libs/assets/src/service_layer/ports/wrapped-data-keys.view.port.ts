export const WRAPPED_DATA_KEYS_VIEW = Symbol('WRAPPED_DATA_KEYS_VIEW');

/** Which assets' data keys a key-encryption key (KEK) wraps: what a KEK rotation works through. */
export interface WrappedDataKeysView {
  /** Up to `limit` ids of assets whose data key is wrapped with the KEK `keyId`. */
  assetIdsWrappedWith(keyId: string, limit: number): Promise<string[]>;
  /** How many assets' data keys the KEK `keyId` wraps. */
  countWrappedWith(keyId: string): Promise<number>;
}
