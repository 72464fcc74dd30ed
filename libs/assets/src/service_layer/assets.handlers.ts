import { CreateAssetHandler } from './commands/create-asset.handler';
import { RemoveAssetHandler } from './commands/remove-asset.handler';
import { UpdateAssetHandler } from './commands/update-asset.handler';
import { UploadAssetFileHandler } from './commands/upload-asset-file.handler';
import { GetAssetFileHandler } from './queries/get-asset-file.handler';
import { GetAssetStatsHandler } from './queries/get-asset-stats.handler';
import { GetAssetHandler } from './queries/get-asset.handler';
import { GetAssetsOfTheWeekHandler } from './queries/get-assets-of-the-week.handler';
import { GetTagCloudHandler } from './queries/get-tag-cloud.handler';
import { ListAssetsHandler } from './queries/list-assets.handler';

export const ASSETS_COMMAND_HANDLERS = [CreateAssetHandler, UploadAssetFileHandler, UpdateAssetHandler, RemoveAssetHandler];
export const ASSETS_QUERY_HANDLERS = [
  GetAssetHandler,
  GetAssetFileHandler,
  ListAssetsHandler,
  GetAssetStatsHandler,
  GetTagCloudHandler,
  GetAssetsOfTheWeekHandler,
];
