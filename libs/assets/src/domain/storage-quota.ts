import { StorageQuotaExceededError } from './asset.errors';

/**
 * How much an owner may store, counted in the declared sizes of the assets they own (pending ones
 * included, as their bytes are on the way). Checked when an asset is created.
 */
export class StorageQuota {
  constructor(readonly bytes: number) {}

  assertRoomFor(ownerId: string, usedBytes: number, addedBytes: number): void {
    if (usedBytes + addedBytes > this.bytes) {
      throw new StorageQuotaExceededError(ownerId, usedBytes, addedBytes, this.bytes);
    }
  }
}
