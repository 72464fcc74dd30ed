import { CreateAssetHandler } from './commands/create-asset.handler';
import { NoticeDueReleasesHandler } from './commands/notice-due-releases.handler';
import { RecordKnownUserHandler } from './commands/record-known-user.handler';
import { RemoveAssetHandler } from './commands/remove-asset.handler';
import { CancelReleaseHandler } from './commands/cancel-release.handler';
import { TriggerReleaseHandler } from './commands/trigger-release.handler';
import { ScheduleReleaseHandler } from './commands/schedule-release.handler';
import { RemoveUserHoldingsHandler } from './commands/remove-user-holdings.handler';
import { RewrapDataKeysHandler } from './commands/rewrap-data-keys.handler';
import { UpdateAssetHandler } from './commands/update-asset.handler';
import { UploadAssetFileHandler } from './commands/upload-asset-file.handler';
import { CountWrappedDataKeysHandler } from './queries/count-wrapped-data-keys.handler';
import { GetAssetFileHandler } from './queries/get-asset-file.handler';
import { GetAssetStatsHandler } from './queries/get-asset-stats.handler';
import { GetAssetHandler } from './queries/get-asset.handler';
import { GetAssetsOfTheWeekHandler } from './queries/get-assets-of-the-week.handler';
import { GetTagCloudHandler } from './queries/get-tag-cloud.handler';
import { ListAssetsHandler } from './queries/list-assets.handler';
import { GetReleaseHandler } from './queries/get-release.handler';
import { ListIncomingReleasesHandler } from './queries/list-incoming-releases.handler';
import { ListReleasesHandler } from './queries/list-releases.handler';

export const ASSETS_COMMAND_HANDLERS = [
  CreateAssetHandler,
  UploadAssetFileHandler,
  UpdateAssetHandler,
  RemoveAssetHandler,
  RewrapDataKeysHandler,
  NoticeDueReleasesHandler,
  RecordKnownUserHandler,
  ScheduleReleaseHandler,
  TriggerReleaseHandler,
  CancelReleaseHandler,
  RemoveUserHoldingsHandler,
];
export const ASSETS_QUERY_HANDLERS = [
  GetAssetHandler,
  GetAssetFileHandler,
  ListAssetsHandler,
  GetAssetStatsHandler,
  GetTagCloudHandler,
  GetAssetsOfTheWeekHandler,
  CountWrappedDataKeysHandler,
  GetReleaseHandler,
  ListReleasesHandler,
  ListIncomingReleasesHandler,
];
