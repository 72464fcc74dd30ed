import { eventContract } from '@keepem/shared/contracts';
import { ASSETS_SOURCE } from './assets.source';

/** The asset's file was stored (encrypted), as declared: the asset is active. */
export type AssetFileUploadedV1 = {
  asset_id: string;
  owners_id: string[];
  uploaded_by: string;
  file_type: string;
  file_size_bytes: number;
  uploaded_at: string;
};

export const ASSET_FILE_UPLOADED_V1 = eventContract<AssetFileUploadedV1>(ASSETS_SOURCE, 'asset-file-uploaded', 1);
