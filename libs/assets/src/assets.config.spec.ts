import { describe, expect, it } from '@jest/globals';
import { assetsConfig } from './assets.config';
import { expectEachVariableNamed, loggedWarnings } from '@keepem/shared/testing';

const DATA_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
const S3 = { ASSET_S3_URL: 'http://minio:9000', ASSET_S3_BUCKET: 'keepem-assets', ASSET_S3_ACCESS: 'keepem', ASSET_S3_SECRET: 's3cret' };

describe('assetsConfig', () => {
  const warnings = loggedWarnings();

  it('runs on local storage in dev, making up a key for the life of the process and saying so', () => {
    const config = assetsConfig({});
    expect(config.storage).toEqual({ driver: 'local' });
    expect(config.dataKeyEncryptionKey).toHaveLength(32);
    expect(warnings).toEqual([expect.stringContaining('DATA_KEY_ENCRYPTION_KEY is not set')]);
    expect(assetsConfig({}).dataKeyEncryptionKey.equals(config.dataKeyEncryptionKey)).toBe(false);
  });

  it('decodes a given key without a warning', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY }).dataKeyEncryptionKey).toEqual(Buffer.alloc(32, 3));
    expect(warnings).toEqual([]);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without DATA_KEY_ENCRYPTION_KEY, naming it', (environment) => {
    expect(() => assetsConfig({ ENVIRONMENT: environment })).toThrow(
      `Invalid configuration:\n  DATA_KEY_ENCRYPTION_KEY: required when ENVIRONMENT is ${environment}`,
    );
    expect(assetsConfig({ ENVIRONMENT: environment, DATA_KEY_ENCRYPTION_KEY }).dataKeyEncryptionKey).toHaveLength(32);
  });

  it('names every wrong variable, one per line', () => {
    const attempt = () => assetsConfig({ ENVIRONMENT: 'production', DATA_KEY_ENCRYPTION_KEY: 'short', ASSET_S3_URL: 'minio' });
    expectEachVariableNamed(attempt, [
      'ENVIRONMENT',
      'DATA_KEY_ENCRYPTION_KEY',
      'ASSET_S3_URL',
      'ASSET_S3_BUCKET',
      'ASSET_S3_ACCESS',
      'ASSET_S3_SECRET',
    ]);
  });

  it('stores in S3 when its URL is set, and then needs the bucket and its credentials', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...S3 }).storage).toEqual({
      driver: 's3',
      s3: { url: 'http://minio:9000', bucket: 'keepem-assets', accessKey: 'keepem', secretKey: 's3cret' },
    });
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...S3, ASSET_S3_SECRET: '' })).toThrow(
      'Invalid configuration:\n  ASSET_S3_SECRET: required when ASSET_S3_URL is set',
    );
  });
});
