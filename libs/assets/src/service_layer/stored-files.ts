import { Asset } from '../domain/asset.aggregate';
import type { FileStorage } from './ports/file-storage.port';

/**
 * Deletes whatever is stored for a removed asset. Idempotent: the removal does it right after its
 * commit, and the consumer of assets.asset-removed.v1 again, so that an object a crash left
 * between the commit and the delete goes too. Its data key is gone already, so until then the
 * bytes can be read by nobody.
 */
export function deleteStoredFileOf(storage: FileStorage, assetId: string): Promise<void> {
  return storage.delete(Asset.storageKeyOf(assetId));
}
