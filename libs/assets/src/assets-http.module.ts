import { Module } from '@nestjs/common';
import { AssetsModule } from './assets.module';
import { AssetFilesHttpController } from './entrypoints/http/asset-files.http.controller';
import { AssetsAdminHttpController } from './entrypoints/http/assets-admin.http.controller';
import { AssetsHttpController } from './entrypoints/http/assets.http.controller';
import { MyAssetsHttpController } from './entrypoints/http/my-assets.http.controller';
import { LegacyAdminHttpController } from './entrypoints/http/legacy-admin.http.controller';
import { LegacyHttpController } from './entrypoints/http/legacy.http.controller';
import { MyLegacyHttpController } from './entrypoints/http/my-legacy.http.controller';

export { ASSETS_API_FIELD_NAMES } from './entrypoints/http/assets-api-field-names';

/** The assets context's HTTP API, for the API app only: the worker runs AssetsModule without it. */
@Module({
  imports: [AssetsModule],
  controllers: [
    AssetsHttpController,
    AssetFilesHttpController,
    MyAssetsHttpController,
    AssetsAdminHttpController,
    LegacyAdminHttpController,
    LegacyHttpController,
    MyLegacyHttpController,
  ],
})
export class AssetsHttpModule {}
