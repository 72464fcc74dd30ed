import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AssetsConfig, assetsConfig } from './assets.config';
import { createFileStorage } from './adapters/storage/file-storage.factory';
import { StorageReadinessRegistration } from './adapters/storage/storage-readiness.registration';
import { FILE_STORAGE } from './service_layer/ports/file-storage.port';

/**
 * The assets context's module. Both apps import it, so what the context provides runs in them
 * without either changing. Its settings are built as the module starts, so a wrong one stops the
 * process before anything needs it.
 */
@Module({
  imports: [ConfigModule.forFeature(assetsConfig)],
  providers: [
    { provide: FILE_STORAGE, inject: [assetsConfig.KEY], useFactory: (config: AssetsConfig) => createFileStorage(config.storage) },
    StorageReadinessRegistration,
  ],
})
export class AssetsModule {}
