import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AesGcmDataKeyWrapper } from './adapters/encryption/aes-gcm-data-key.wrapper';
import { ChunkedFileCipher } from './adapters/encryption/chunked-file.cipher';
import { type AssetsConfig, assetsConfig } from './assets.config';
import { DATA_KEYS } from './service_layer/ports/data-keys.port';
import { FILE_CIPHER } from './service_layer/ports/file-cipher.port';

/**
 * The assets context's module. Both apps import it, so what the context provides runs in them
 * without either changing. Its settings are built as the module starts, so a wrong one stops the
 * process before anything needs it.
 */
@Module({
  imports: [ConfigModule.forFeature(assetsConfig)],
  providers: [
    {
      provide: AesGcmDataKeyWrapper,
      inject: [assetsConfig.KEY],
      useFactory: (config: AssetsConfig) => new AesGcmDataKeyWrapper(config.dataKeyEncryptionKeys),
    },
    { provide: DATA_KEYS, useExisting: AesGcmDataKeyWrapper },
    // The cipher unwraps data keys itself, through the adapter: the DataKeys port never hands one out in clear.
    {
      provide: FILE_CIPHER,
      inject: [AesGcmDataKeyWrapper],
      useFactory: (dataKeys: AesGcmDataKeyWrapper) => new ChunkedFileCipher(dataKeys),
    },
  ],
})
export class AssetsModule {}
