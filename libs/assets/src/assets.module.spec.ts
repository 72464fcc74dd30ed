import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ReadinessChecks } from '@keepem/shared/service_layer';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AssetsConfig, assetsConfig } from './assets.config';
import { SharedModule } from '@keepem/shared';
import { AssetsModule } from './assets.module';
import { ASSETS_SETTINGS } from './service_layer/ports/assets-settings.port';
import { LocalFileStorage } from './adapters/storage/local-file.storage';
import { S3FileStorage } from './adapters/storage/s3-file.storage';
import { FILE_STORAGE } from './service_layer/ports/file-storage.port';
import { DATA_KEYS, type DataKeys } from './service_layer/ports/data-keys.port';
import { FILE_CIPHER, type FileCipher } from './service_layer/ports/file-cipher.port';

const READ = [
  'ENVIRONMENT',
  'MONGODB_URL',
  'KAFKA_BROKERS',
  'DATA_KEY_ENCRYPTION_KEY',
  'DATA_KEY_ENCRYPTION_KEYS',
  'STORAGE_DIR',
  'ASSET_S3_URL',
  'ASSET_S3_BUCKET',
  'ASSET_S3_REGION',
  'ASSET_S3_ACCESS',
  'ASSET_S3_SECRET',
  'MAX_UPLOAD_BYTES',
  'STORAGE_QUOTA_MB',
];
const saved = Object.fromEntries(READ.map((name) => [name, process.env[name]]));

/**
 * The module reads the process environment, as in the apps: only `variables` of those it reads are
 * set. It runs on the kernel, on the embedded drivers (MONGODB_URL and KAFKA_BROKERS empty, so that
 * a developer's environment or .env.dev cannot choose others).
 */
function environment(variables: Record<string, string>): void {
  for (const name of READ) {
    delete process.env[name];
  }
  Object.assign(process.env, { MONGODB_URL: '', KAFKA_BROKERS: '' }, variables);
}

const assetsOnTheKernel = () => Test.createTestingModule({ imports: [SharedModule.forRoot(), AssetsModule] }).compile();

describe('AssetsModule', () => {
  beforeAll(() => {
    // The ephemeral-key warning of the dev default would only clutter the output.
    Logger.overrideLogger(false);
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = value;
      }
    }
  });

  it('provides the assets settings, and stores files under STORAGE_DIR by default', async () => {
    environment({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'), STORAGE_DIR: '/tmp/keepem-unused' });
    const moduleRef = await assetsOnTheKernel();

    const config = moduleRef.get<AssetsConfig>(assetsConfig.KEY);
    expect(config.dataKeyEncryptionKeys).toEqual({ current: 'default', keys: new Map([['default', Buffer.alloc(32, 9)]]) });
    expect(config.storage).toEqual({ driver: 'local', directory: '/tmp/keepem-unused' });
    expect(moduleRef.get(FILE_STORAGE)).toBeInstanceOf(LocalFileStorage);
    expect(
      moduleRef
        .get(ReadinessChecks)
        .entries()
        .map(([name]) => name),
    ).toEqual(['storage']);
  });

  it('stores files in S3 when a bucket is set, closing its client as the app stops', async () => {
    environment({ ASSET_S3_BUCKET: 'keepem-assets-dev', ASSET_S3_URL: 'http://127.0.0.1:9' });
    const moduleRef = await assetsOnTheKernel();

    const storage = moduleRef.get<S3FileStorage>(FILE_STORAGE);
    expect(storage).toBeInstanceOf(S3FileStorage);
    const shutdown = jest.spyOn(storage, 'onApplicationShutdown');
    await moduleRef.close();
    expect(shutdown).toHaveBeenCalled();
  });

  it('gives its handlers the upload and quota limits, the quota in bytes', async () => {
    environment({ MAX_UPLOAD_BYTES: '1048576', STORAGE_QUOTA_MB: '25' });
    const moduleRef = await assetsOnTheKernel();

    expect(moduleRef.get(ASSETS_SETTINGS)).toEqual({ maxUploadBytes: 1048576, storageQuotaBytes: 25 * 1024 * 1024 });
  });

  it('provides data keys wrapped with the configured KEK and the file cipher that uses them', async () => {
    environment({
      DATA_KEY_ENCRYPTION_KEYS: `next:${Buffer.alloc(32, 1).toString('base64')},default:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    const moduleRef = await assetsOnTheKernel();
    const dataKeys = moduleRef.get<DataKeys>(DATA_KEYS);
    const cipher = moduleRef.get<FileCipher>(FILE_CIPHER);

    const key = dataKeys.generate();
    const stored = await buffer(Readable.from([Buffer.from('a letter')]).pipe(cipher.encryptor(key)));

    expect(key.keyId).toBe('next');
    expect(stored).toHaveLength(cipher.encryptedSize(8));
    const read = async ({ start, end }: { start: number; end: number }) => Readable.from([stored.subarray(start, end + 1)]);
    expect((await buffer(cipher.decrypt(key, 8, read))).toString()).toBe('a letter');
  });

  it('refuses to start on a wrong setting though nothing reads it yet, naming the variable', async () => {
    environment({ ASSET_S3_URL: 'minio' });

    await expect(assetsOnTheKernel()).rejects.toThrow(/\n {2}ASSET_S3_URL: /);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without DATA_KEY_ENCRYPTION_KEY', async (ENVIRONMENT) => {
    environment({ ENVIRONMENT });

    await expect(assetsOnTheKernel()).rejects.toThrow(/DATA_KEY_ENCRYPTION_KEY: required when ENVIRONMENT is/);
  });
});
