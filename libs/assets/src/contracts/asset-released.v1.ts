import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** A receiver triggered a release: its assets changed hands by its bequest and are visible again. */
export type AssetReleasedV1 = {
  release_id: string;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  name: string;
  released_by: string;
  bequest_type: 'self' | 'gift' | 'co_ownership';
  released_at: string;
};

export const ASSET_RELEASED_V1 = eventContract<AssetReleasedV1>(ASSETS_SOURCE, 'asset-released', 1);
