import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** A release was cancelled, by its owner, a receiver, or the system (`canceled_by` null): its assets are visible again. */
export type AssetReleaseCanceledV1 = {
  release_id: string;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  name: string;
  canceled_by: string | null;
  reason: string | null;
  canceled_at: string;
};

export const ASSET_RELEASE_CANCELED_V1 = eventContract<AssetReleaseCanceledV1>(ASSETS_SOURCE, 'asset-release-canceled', 1);
