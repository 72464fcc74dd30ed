import { describe, expect, it } from '@jest/globals';
import { assetsConfig } from './assets.config';
import { expectEachVariableNamed, loggedWarnings } from '@keepem/shared/testing';

const DATA_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
const S3 = {
  ASSET_S3_URL: 'http://minio:9000',
  ASSET_S3_BUCKET: 'keepem-assets-dev',
  ASSET_S3_ACCESS: 'keepem',
  ASSET_S3_SECRET: 's3cret',
};

describe('assetsConfig', () => {
  const warnings = loggedWarnings();

  it('runs on local storage in dev, making up a key for the life of the process and saying so', () => {
    const config = assetsConfig({});
    expect(config.storage).toEqual({ driver: 'local', directory: './var/storage' });
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
    const attempt = () =>
      assetsConfig({
        ENVIRONMENT: 'production',
        DATA_KEY_ENCRYPTION_KEY: 'short',
        ASSET_S3_URL: 'minio',
        ASSET_S3_BUCKET: 'Keepem_Assets',
        ASSET_S3_REGION: 'US East',
        ASSET_S3_ACCESS: 'keepem',
      });
    expectEachVariableNamed(attempt, [
      'ENVIRONMENT',
      'DATA_KEY_ENCRYPTION_KEY',
      'ASSET_S3_URL',
      'ASSET_S3_BUCKET',
      'ASSET_S3_REGION',
      'ASSET_S3_SECRET',
    ]);
  });

  it('stores files under STORAGE_DIR when no bucket is set, ./var/storage by default', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY, STORAGE_DIR: '/srv/keepem' }).storage).toEqual({
      driver: 'local',
      directory: '/srv/keepem',
    });
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY, STORAGE_DIR: '' }).storage).toEqual({ driver: 'local', directory: './var/storage' });
  });

  it('stores in S3 when a bucket is set, path-style on the given server, with the given credentials', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...S3, STORAGE_DIR: '/ignored' }).storage).toEqual({
      driver: 's3',
      s3: {
        bucket: 'keepem-assets-dev',
        endpoint: 'http://minio:9000',
        region: 'us-east-1',
        credentials: { accessKeyId: 'keepem', secretAccessKey: 's3cret' },
      },
    });
  });

  it('uses AWS itself and its default credential chain when only the bucket (and a region) is set', () => {
    expect(
      assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ASSET_S3_BUCKET: 'keepem-dev', ASSET_S3_REGION: 'eu-west-3', ASSET_S3_URL: '' }).storage,
    ).toEqual({
      driver: 's3',
      s3: { bucket: 'keepem-dev', endpoint: undefined, region: 'eu-west-3', credentials: undefined },
    });
  });

  it.each([
    ['ASSET_S3_URL', { ASSET_S3_URL: 'http://minio:9000' }],
    ['ASSET_S3_REGION', { ASSET_S3_REGION: 'eu-west-3' }],
    ['ASSET_S3_ACCESS', { ASSET_S3_ACCESS: 'keepem', ASSET_S3_SECRET: 's3cret' }],
  ])('refuses %s without a bucket rather than store the files locally', (variable, settings) => {
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...settings })).toThrow(
      `Invalid configuration:\n  ASSET_S3_BUCKET: required when ${variable} is set`,
    );
  });

  it('takes the access key and its secret together or not at all', () => {
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...S3, ASSET_S3_SECRET: '' })).toThrow(
      'Invalid configuration:\n  ASSET_S3_SECRET: required when ASSET_S3_ACCESS is set',
    );
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, ...S3, ASSET_S3_ACCESS: '' })).toThrow(
      'Invalid configuration:\n  ASSET_S3_ACCESS: required when ASSET_S3_SECRET is set',
    );
  });

  it.each([
    ['dev', 'keepem-assets'],
    ['qa', 'keepem-assets-dev'],
  ])('refuses in %s a bucket %s that does not name the environment', (ENVIRONMENT, bucket) => {
    expect(() => assetsConfig({ ENVIRONMENT, DATA_KEY_ENCRYPTION_KEY, ASSET_S3_BUCKET: bucket })).toThrow(
      `Invalid configuration:\n  ASSET_S3_BUCKET: ASSET_S3_BUCKET must contain ENVIRONMENT (${ENVIRONMENT}) unless ENVIRONMENT is prod`,
    );
  });

  it.each([
    ['dev', 'keepem-dev-assets'],
    ['qa', 'qa.keepem.assets'],
    ['prod', 'keepem-assets'],
  ])('accepts in %s the bucket %s', (ENVIRONMENT, bucket) => {
    const storage = assetsConfig({ ENVIRONMENT, DATA_KEY_ENCRYPTION_KEY, ASSET_S3_BUCKET: bucket }).storage;
    expect(storage).toMatchObject({ driver: 's3', s3: { bucket } });
  });
});
