import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { assetsConfig } from './assets.config';

/**
 * The assets context's module. Both apps import it, so what the context provides runs in them
 * without either changing. Its settings are built as the module starts, so a wrong one stops the
 * process before anything needs it.
 */
@Module({
  imports: [ConfigModule.forFeature(assetsConfig)],
})
export class AssetsModule {}
