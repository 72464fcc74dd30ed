import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/**
 * An owner scheduled a release ("legacy") of some of their assets, now hidden until it ends. It
 * never carries the release's conditions: neither its place nor an "in a bottle" time.
 */
export type AssetReleaseScheduledV1 = {
  release_id: string;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  name: string;
  release_type: 'to_future_self' | 'in_a_bottle' | 'hide_and_seek' | 'time_capsule' | 'transfer';
  bequest_type: 'self' | 'gift' | 'co_ownership';
  scheduled_at: string;
};

export const ASSET_RELEASE_SCHEDULED_V1 = eventContract<AssetReleaseScheduledV1>(ASSETS_SOURCE, 'asset-release-scheduled', 1);
