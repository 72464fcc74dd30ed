import { describe, expect, it } from '@jest/globals';
import { assetsConfig } from './assets.config';
import { expectEachVariableNamed, loggedWarnings } from '@keepem/shared/testing';

const DATA_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
const NEW_KEY = Buffer.alloc(32, 4).toString('base64');
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
    expect(config.dataKeyEncryptionKeys.current).toBe('default');
    expect([...config.dataKeyEncryptionKeys.keys.keys()]).toEqual(['default']);
    expect(config.dataKeyEncryptionKeys.keys.get('default')).toHaveLength(32);
    expect(warnings).toEqual([expect.stringContaining('DATA_KEY_ENCRYPTION_KEY is not set')]);
    const another = assetsConfig({}).dataKeyEncryptionKeys.keys.get('default');
    expect(another?.equals(config.dataKeyEncryptionKeys.keys.get('default') as Buffer)).toBe(false);
  });

  it('decodes a given key without a warning, under the id "default"', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY }).dataKeyEncryptionKeys).toEqual({
      current: 'default',
      keys: new Map([['default', Buffer.alloc(32, 3)]]),
    });
    expect(warnings).toEqual([]);
  });

  it('decodes a list of keys by id, the first one current, without a warning', () => {
    const config = assetsConfig({ DATA_KEY_ENCRYPTION_KEYS: `2026-12_b:${NEW_KEY}, default:${DATA_KEY_ENCRYPTION_KEY}` });
    expect(config.dataKeyEncryptionKeys).toEqual({
      current: '2026-12_b',
      keys: new Map([
        ['2026-12_b', Buffer.alloc(32, 4)],
        ['default', Buffer.alloc(32, 3)],
      ]),
    });
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEYS: `only:${NEW_KEY}` }).dataKeyEncryptionKeys.current).toBe('only');
    expect(warnings).toEqual([]);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without either key variable, naming them', (environment) => {
    expect(() => assetsConfig({ ENVIRONMENT: environment })).toThrow(
      `Invalid configuration:\n  DATA_KEY_ENCRYPTION_KEY: required when ENVIRONMENT is ${environment}, unless DATA_KEY_ENCRYPTION_KEYS is set`,
    );
    expect(assetsConfig({ ENVIRONMENT: environment, DATA_KEY_ENCRYPTION_KEY }).dataKeyEncryptionKeys.keys.get('default')).toHaveLength(32);
    expect(assetsConfig({ ENVIRONMENT: environment, DATA_KEY_ENCRYPTION_KEYS: `a:${NEW_KEY}` }).dataKeyEncryptionKeys.current).toBe('a');
  });

  it('refuses both key variables at once, rather than ignoring one', () => {
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, DATA_KEY_ENCRYPTION_KEYS: `a:${NEW_KEY}` })).toThrow(
      'Invalid configuration:\n  DATA_KEY_ENCRYPTION_KEYS: set either DATA_KEY_ENCRYPTION_KEYS or DATA_KEY_ENCRYPTION_KEY, not both',
    );
  });

  it.each([
    ['an entry without an id', `${NEW_KEY}`],
    ['an empty entry', `a:${NEW_KEY},`],
    ['an id with a dot', `a.b:${NEW_KEY}`],
    ['an id of 33 characters', `${'a'.repeat(33)}:${NEW_KEY}`],
    ['a key of 31 bytes', `a:${Buffer.alloc(31).toString('base64')}`],
    ['a key of 33 bytes', `a:${Buffer.alloc(33).toString('base64')}`],
    ['a key that is not base64', `a:${'!'.repeat(43)}=`],
  ])('refuses a key list with %s', (_case, list) => {
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEYS: list })).toThrow(
      /^Invalid configuration:\n {2}DATA_KEY_ENCRYPTION_KEYS: DATA_KEY_ENCRYPTION_KEYS must be a comma-separated list of id:key/,
    );
  });

  it('refuses a key list naming an id twice, since a wrapped data key names its KEK by id', () => {
    expect(() => assetsConfig({ DATA_KEY_ENCRYPTION_KEYS: `a:${NEW_KEY},b:${NEW_KEY},a:${DATA_KEY_ENCRYPTION_KEY}` })).toThrow(
      'Invalid configuration:\n  DATA_KEY_ENCRYPTION_KEYS: DATA_KEY_ENCRYPTION_KEYS must not list a key id twice',
    );
  });

  it('names every wrong variable, one per line', () => {
    const attempt = () =>
      assetsConfig({
        ENVIRONMENT: 'production',
        DATA_KEY_ENCRYPTION_KEY: 'short',
        DATA_KEY_ENCRYPTION_KEYS: 'a',
        ASSET_S3_URL: 'minio',
        ASSET_S3_BUCKET: 'Keepem_Assets',
        ASSET_S3_REGION: 'US East',
        ASSET_S3_ACCESS: 'keepem',
      });
    expectEachVariableNamed(attempt, [
      'ENVIRONMENT',
      'DATA_KEY_ENCRYPTION_KEY',
      'DATA_KEY_ENCRYPTION_KEYS',
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

  it('looks for releases whose time has come every RELEASE_NOTIFY_INTERVAL_SECONDS, 10 minutes by default', () => {
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY }).releaseNotifyIntervalSeconds).toBe(600);
    expect(assetsConfig({ DATA_KEY_ENCRYPTION_KEY, RELEASE_NOTIFY_INTERVAL_SECONDS: '30' }).releaseNotifyIntervalSeconds).toBe(30);
  });

  it.each(['0', '-5', '1.5', 'often'])('refuses a RELEASE_NOTIFY_INTERVAL_SECONDS of %s, naming it', (value) => {
    expectEachVariableNamed(
      () => assetsConfig({ DATA_KEY_ENCRYPTION_KEY, RELEASE_NOTIFY_INTERVAL_SECONDS: value }),
      ['RELEASE_NOTIFY_INTERVAL_SECONDS'],
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
