import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/**
 * An owner removed an asset for good: its data key is destroyed, so its file can never be read
 * again, and the assets context deletes the stored object (again, should a crash have left it).
 */
export type AssetRemovedV1 = {
  asset_id: string;
  owners_id: string[];
  removed_by: string;
  removed_at: string;
};

export const ASSET_REMOVED_V1 = eventContract<AssetRemovedV1>(ASSETS_SOURCE, 'asset-removed', 1);
