import { describe, expect, it } from '@jest/globals';
import { assetsConfig } from './assets.config';
import { expectEachVariableNamed, loggedWarnings } from '@keepem/shared/testing';

const DATA_KEY_ENCRYPTION_KEY = Buffer.alloc(32, 3).toString('base64');
const NEW_KEY = Buffer.alloc(32, 4).toString('base64');
const S3 = { ASSET_S3_URL: 'http://minio:9000', ASSET_S3_BUCKET: 'keepem-assets', ASSET_S3_ACCESS: 'keepem', ASSET_S3_SECRET: 's3cret' };

describe('assetsConfig', () => {
  const warnings = loggedWarnings();

  it('runs on local storage in dev, making up a key for the life of the process and saying so', () => {
    const config = assetsConfig({});
    expect(config.storage).toEqual({ driver: 'local' });
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
      assetsConfig({ ENVIRONMENT: 'production', DATA_KEY_ENCRYPTION_KEY: 'short', DATA_KEY_ENCRYPTION_KEYS: 'a', ASSET_S3_URL: 'minio' });
    expectEachVariableNamed(attempt, [
      'ENVIRONMENT',
      'DATA_KEY_ENCRYPTION_KEY',
      'DATA_KEY_ENCRYPTION_KEYS',
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
