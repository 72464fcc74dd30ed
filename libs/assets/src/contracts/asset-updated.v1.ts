import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** An owner changed what is said about an asset (never its file). `changed` names the fields as the API does. */
export type AssetUpdatedV1 = {
  asset_id: string;
  updated_by: string;
  /** e.g. `["title", "created_date"]`. */
  changed: string[];
  updated_at: string;
};

export const ASSET_UPDATED_V1 = eventContract<AssetUpdatedV1>(ASSETS_SOURCE, 'asset-updated', 1);
