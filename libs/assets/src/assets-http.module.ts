import { Module } from '@nestjs/common';
import { AssetsModule } from './assets.module';
import { AssetFilesHttpController } from './entrypoints/http/asset-files.http.controller';
import { AssetsHttpController } from './entrypoints/http/assets.http.controller';

export { ASSETS_API_FIELD_NAMES } from './entrypoints/http/assets-api-field-names';

/** The assets context's HTTP API, for the API app only: the worker runs AssetsModule without it. */
@Module({
  imports: [AssetsModule],
  controllers: [AssetsHttpController, AssetFilesHttpController],
})
export class AssetsHttpModule {}
