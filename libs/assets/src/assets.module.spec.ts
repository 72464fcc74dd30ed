import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { AssetsConfig, assetsConfig } from './assets.config';
import { AssetsModule } from './assets.module';
import { DATA_KEYS, type DataKeys } from './service_layer/ports/data-keys.port';
import { FILE_CIPHER, type FileCipher } from './service_layer/ports/file-cipher.port';

const READ = [
  'ENVIRONMENT',
  'DATA_KEY_ENCRYPTION_KEY',
  'DATA_KEY_ENCRYPTION_KEYS',
  'ASSET_S3_URL',
  'ASSET_S3_BUCKET',
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

  it('provides the assets settings', async () => {
    environment({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') });
    const moduleRef = await Test.createTestingModule({ imports: [AssetsModule] }).compile();

    const config = moduleRef.get<AssetsConfig>(assetsConfig.KEY);
    expect(config.dataKeyEncryptionKeys).toEqual({ current: 'default', keys: new Map([['default', Buffer.alloc(32, 9)]]) });
    expect(config.storage).toEqual({ driver: 'local' });
  });

  it('provides data keys wrapped with the configured KEK and the file cipher that uses them', async () => {
    environment({
      DATA_KEY_ENCRYPTION_KEYS: `next:${Buffer.alloc(32, 1).toString('base64')},default:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    const moduleRef = await Test.createTestingModule({ imports: [AssetsModule] }).compile();
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

    await expect(Test.createTestingModule({ imports: [AssetsModule] }).compile()).rejects.toThrow(/\n {2}ASSET_S3_URL: /);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without DATA_KEY_ENCRYPTION_KEY', async (ENVIRONMENT) => {
    environment({ ENVIRONMENT });

    await expect(Test.createTestingModule({ imports: [AssetsModule] }).compile()).rejects.toThrow(
      /DATA_KEY_ENCRYPTION_KEY: required when ENVIRONMENT is/,
    );
  });
});
