import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** An asset was created, pending until its file is uploaded. Nothing of the file but what was declared. */
export type AssetCreatedV1 = {
  asset_id: string;
  owners_id: string[];
  created_by: string;
  title: string;
  file_name: string;
  /** The media type's essence, e.g. `image/jpeg`. */
  file_type: string;
  file_size_bytes: number;
  created_at: string;
};

export const ASSET_CREATED_V1 = eventContract<AssetCreatedV1>(ASSETS_SOURCE, 'asset-created', 1);
