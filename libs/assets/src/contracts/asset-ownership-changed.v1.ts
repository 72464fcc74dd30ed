import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** An asset changed hands: a release handed it on (`release_id`), or an owner left it (their account was removed, null). */
export type AssetOwnershipChangedV1 = {
  asset_id: string;
  previous_owners_id: string[];
  owners_id: string[];
  release_id: string | null;
  changed_at: string;
};

export const ASSET_OWNERSHIP_CHANGED_V1 = eventContract<AssetOwnershipChangedV1>(ASSETS_SOURCE, 'asset-ownership-changed', 1);
