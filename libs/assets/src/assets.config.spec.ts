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

  it('limits uploads and storage with defaults: a 5-minute upload URL, 1 GiB files, 500 MB per owner', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY })).toMatchObject({
      uploadTokenTtlSeconds: 300,
      maxUploadBytes: 1024 * 1024 * 1024,
      storageQuotaMb: 500,
    });
    expect(
      assetsConfig({ DATA_KEY_ENCRYPTION_KEY, UPLOAD_TOKEN_TTL_SECONDS: '60', MAX_UPLOAD_BYTES: '1048576', STORAGE_QUOTA_MB: '25' }),
    ).toMatchObject({ uploadTokenTtlSeconds: 60, maxUploadBytes: 1048576, storageQuotaMb: 25 });
  });

  it('names each upload or storage limit that is not a positive whole number, or an upload URL valid over a day', () => {
    expectEachVariableNamed(
      () => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, UPLOAD_TOKEN_TTL_SECONDS: '86401', MAX_UPLOAD_BYTES: '0', STORAGE_QUOTA_MB: '1.5' }),
      ['UPLOAD_TOKEN_TTL_SECONDS', 'MAX_UPLOAD_BYTES', 'STORAGE_QUOTA_MB'],
    );
  });
});
