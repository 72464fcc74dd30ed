import { CreateAssetHandler } from './commands/create-asset.handler';
import { UploadAssetFileHandler } from './commands/upload-asset-file.handler';
import { GetAssetFileHandler } from './queries/get-asset-file.handler';

export const ASSETS_COMMAND_HANDLERS = [CreateAssetHandler, UploadAssetFileHandler];
export const ASSETS_QUERY_HANDLERS = [GetAssetFileHandler];
