import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { KEEP_DIRECTORY, type KeepDirectory } from '@keepem/users';
import { AssetsPersistenceRegistration } from './adapters/assets-persistence.registration';
import { AesGcmDataKeyWrapper } from './adapters/encryption/aes-gcm-data-key.wrapper';
import { ChunkedFileCipher } from './adapters/encryption/chunked-file.cipher';
import { DocumentAssetsView } from './adapters/document-assets.view';
import { JwtUploadTokens } from './adapters/jwt-upload.tokens';
import { type AssetsConfig, assetsConfig } from './assets.config';
import { MEBIBYTE } from './domain/byte-sizes';
import { createFileStorage } from './adapters/storage/file-storage.factory';
import { StorageReadinessRegistration } from './adapters/storage/storage-readiness.registration';
import { ASSETS_COMMAND_HANDLERS, ASSETS_QUERY_HANDLERS } from './service_layer/assets.handlers';
import { AssetsPublicationsRegistration } from './service_layer/assets.publications';
import { ASSETS_SETTINGS, type AssetsSettings } from './service_layer/ports/assets-settings.port';
import { DATA_KEYS } from './service_layer/ports/data-keys.port';
import { FILE_CIPHER } from './service_layer/ports/file-cipher.port';
import { FILE_STORAGE } from './service_layer/ports/file-storage.port';
import { ASSETS_VIEW } from './service_layer/ports/assets.view.port';
import { AssetsEventsConsumer } from './entrypoints/consumers/assets-events.consumer';
import { UsersEventsConsumer } from './entrypoints/consumers/users-events.consumer';
import { DocumentUserDirectory } from './adapters/document-user.directory';
import { USER_DIRECTORY } from './service_layer/ports/user-directory.port';
import { OWNER_KEEPS } from './service_layer/ports/owner-keeps.port';
import { UPLOAD_TOKENS } from './service_layer/ports/upload-tokens.port';
import { WRAPPED_DATA_KEYS_VIEW } from './service_layer/ports/wrapped-data-keys.view.port';
import { DocumentWrappedDataKeysView } from './adapters/document-wrapped-data-keys.view';
import { ReleaseEmailsConsumer } from './entrypoints/consumers/release-emails.consumer';
import { RELEASE_EMAIL_SETTINGS, type ReleaseEmailSettings } from './service_layer/ports/release-email-settings.port';
import { SendLegacyWaitingEmail } from './service_layer/policies/send-legacy-waiting-email.policy';
import { SendReleaseCanceledEmail } from './service_layer/policies/send-release-canceled-email.policy';
import { SendReleaseReleasedEmail } from './service_layer/policies/send-release-released-email.policy';
import { SendReleaseScheduledEmail } from './service_layer/policies/send-release-scheduled-email.policy';
import { RELEASE_TIME_JOB_OPTIONS, type ReleaseTimeJobOptions } from './entrypoints/jobs/release-time.job';
import { LegacyQueriesModule } from './legacy-queries.module';

/**
 * The assets context without HTTP: its handlers and adapters, which the API and the worker both
 * run. Its settings are built as the module starts, so a wrong one stops the process before
 * anything needs it.
 */
@Module({
  imports: [ConfigModule.forFeature(assetsConfig), LegacyQueriesModule],
  providers: [
    AssetsPersistenceRegistration,
    AssetsPublicationsRegistration,
    {
      provide: ASSETS_SETTINGS,
      inject: [assetsConfig.KEY],
      useFactory: (config: AssetsConfig): AssetsSettings => ({
        maxUploadBytes: config.maxUploadBytes,
        storageQuotaBytes: config.storageQuotaMb * MEBIBYTE,
      }),
    },
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
    { provide: UPLOAD_TOKENS, useClass: JwtUploadTokens },
    { provide: WRAPPED_DATA_KEYS_VIEW, useClass: DocumentWrappedDataKeysView },
    { provide: FILE_STORAGE, inject: [assetsConfig.KEY], useFactory: (config: AssetsConfig) => createFileStorage(config.storage) },
    StorageReadinessRegistration,
    { provide: ASSETS_VIEW, useClass: DocumentAssetsView },
    // The users context answers KEEP_DIRECTORY from its global module; without it (this module's own tests) releases fail loudly.
    {
      provide: OWNER_KEEPS,
      inject: [{ token: KEEP_DIRECTORY, optional: true }],
      useFactory: (keeps?: KeepDirectory) => keeps ?? null,
    },
    ...ASSETS_COMMAND_HANDLERS,
    ...ASSETS_QUERY_HANDLERS,
    { provide: USER_DIRECTORY, useClass: DocumentUserDirectory },
    AssetsEventsConsumer,
    UsersEventsConsumer,
    {
      provide: RELEASE_EMAIL_SETTINGS,
      inject: [kernelConfig.KEY],
      useFactory: (kernel: KernelConfig): ReleaseEmailSettings => ({ publicApiUrl: kernel.publicApiUrl }),
    },
    SendReleaseScheduledEmail,
    SendLegacyWaitingEmail,
    SendReleaseReleasedEmail,
    SendReleaseCanceledEmail,
    ReleaseEmailsConsumer,
    {
      provide: RELEASE_TIME_JOB_OPTIONS,
      inject: [assetsConfig.KEY],
      useFactory: (config: AssetsConfig): ReleaseTimeJobOptions => ({ intervalMs: config.releaseNotifyIntervalSeconds * 1000 }),
    },
  ],
  exports: [ASSETS_SETTINGS, UPLOAD_TOKENS, USER_DIRECTORY, RELEASE_TIME_JOB_OPTIONS],
})
export class AssetsModule {}
