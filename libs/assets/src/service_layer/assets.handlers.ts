import { CreateAssetHandler } from './commands/create-asset.handler';

export const ASSETS_COMMAND_HANDLERS = [CreateAssetHandler];
export const ASSETS_QUERY_HANDLERS = [];
