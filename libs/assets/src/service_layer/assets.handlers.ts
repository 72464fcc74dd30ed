import { CreateAssetHandler } from './commands/create-asset.handler';
import { RemoveAssetHandler } from './commands/remove-asset.handler';
import { UpdateAssetHandler } from './commands/update-asset.handler';

export const ASSETS_COMMAND_HANDLERS = [CreateAssetHandler, UpdateAssetHandler, RemoveAssetHandler];
export const ASSETS_QUERY_HANDLERS = [];
