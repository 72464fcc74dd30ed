import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Global, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ReadinessChecks } from '@keepem/shared/service_layer';
import { AssetsConfig, assetsConfig } from './assets.config';
import { AssetsModule } from './assets.module';
import { LocalFileStorage } from './adapters/storage/local-file.storage';
import { S3FileStorage } from './adapters/storage/s3-file.storage';
import { FILE_STORAGE } from './service_layer/ports/file-storage.port';

/** What the module takes from the kernel: the registry of readiness checks. */
@Global()
@Module({ providers: [ReadinessChecks], exports: [ReadinessChecks] })
class KernelReadiness {}

const compile = () => Test.createTestingModule({ imports: [KernelReadiness, AssetsModule] }).compile();

const READ = [
  'ENVIRONMENT',
  'DATA_KEY_ENCRYPTION_KEY',
  'STORAGE_DIR',
  'ASSET_S3_URL',
  'ASSET_S3_BUCKET',
  'ASSET_S3_REGION',
  'ASSET_S3_ACCESS',
  'ASSET_S3_SECRET',
];
const saved = Object.fromEntries(READ.map((name) => [name, process.env[name]]));

/** The module reads the process environment, as in the apps: only `variables` of those it reads are set. */
function environment(variables: Record<string, string>): void {
  for (const name of READ) {
    delete process.env[name];
  }
  Object.assign(process.env, variables);
}

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
    const moduleRef = await compile();

    const config = moduleRef.get<AssetsConfig>(assetsConfig.KEY);
    expect(config.dataKeyEncryptionKey).toEqual(Buffer.alloc(32, 9));
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
    const moduleRef = await compile();

    const storage = moduleRef.get<S3FileStorage>(FILE_STORAGE);
    expect(storage).toBeInstanceOf(S3FileStorage);
    const shutdown = jest.spyOn(storage, 'onApplicationShutdown');
    await moduleRef.close();
    expect(shutdown).toHaveBeenCalled();
  });

  it('refuses to start on a wrong setting though nothing reads it yet, naming the variable', async () => {
    environment({ ASSET_S3_URL: 'minio' });

    await expect(compile()).rejects.toThrow(/\n {2}ASSET_S3_URL: /);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without DATA_KEY_ENCRYPTION_KEY', async (ENVIRONMENT) => {
    environment({ ENVIRONMENT });

    await expect(compile()).rejects.toThrow(/DATA_KEY_ENCRYPTION_KEY: required when ENVIRONMENT is/);
  });
});
