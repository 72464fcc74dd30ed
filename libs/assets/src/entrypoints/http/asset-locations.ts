import { ParseUUIDPipe } from '@nestjs/common';

export const ASSETS_PATH = '/api/v1/assets';
export const MY_ASSETS_PATH = '/api/v1/me/assets';

export const assetLocation = (id: string): string => `${ASSETS_PATH}/${id}`;
export const assetFileLocation = (id: string): string => `${assetLocation(id)}/file`;
/** Where the creator sends the file: the upload token in the URL is the one place it is ever given. */
export const assetUploadLocation = (id: string, uploadToken: string): string =>
  `${assetFileLocation(id)}?upload_token=${encodeURIComponent(uploadToken)}`;

/** The `{id}` of an asset's routes: a version 4 UUID, or a 400 before any handler runs. */
export const ASSET_ID = new ParseUUIDPipe({ version: '4' });
