import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches, ValidateBy, type ValidationArguments } from 'class-validator';
import { randomBytes } from 'node:crypto';
import {
  emptyToUndefined,
  EnvironmentVariables,
  Requirement,
  secretOrEphemeral,
  secretRequirement,
  validateEnvironment,
} from '@keepem/shared/config';

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
const KEY_ENTRY = '[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]{43}=';
const KEY_LIST = new RegExp(`^${KEY_ENTRY}(\\s*,\\s*${KEY_ENTRY})*$`);

/** The id of the key given alone in DATA_KEY_ENCRYPTION_KEY: list it under this id when moving to DATA_KEY_ENCRYPTION_KEYS. */
export const SINGLE_KEY_ENCRYPTION_KEY_ID = 'default';

/** The `[id, base64 key]` pairs of a DATA_KEY_ENCRYPTION_KEYS value that has the right shape. */
function keyEntries(list: string): [string, string][] {
  return list.split(',').map((entry) => entry.trim().split(':') as [string, string]);
}

/** Each key id of the list names one key only: a wrapped data key says which KEK to unwrap it with. */
const HasUniqueKeyIds = () =>
  ValidateBy({
    name: 'hasUniqueKeyIds',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string' || !KEY_LIST.test(value)) return true;
        const ids = keyEntries(value).map(([id]) => id);
        return new Set(ids).size === ids.length;
      },
      defaultMessage: () => 'DATA_KEY_ENCRYPTION_KEYS must not list a key id twice',
    },
  });

/** Two sources for the keys would leave one of them silently ignored. */
const IsNotSetWith = (other: string) =>
  ValidateBy({
    name: 'isNotSetWith',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) =>
        (args?.object as Record<string, unknown> | undefined)?.[other] === undefined,
      defaultMessage: () => `set either $property or ${other}, not both`,
    },
  });

/**
 * The key-encryption keys (KEKs, 32 bytes each) by id. The current one wraps new data keys; the
 * others stay to unwrap data keys wrapped before a rotation, until they are all re-wrapped.
 */
export interface KeyEncryptionKeys {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** Either variable may be missing outside dev only if the other is set. */
const keyRequirement: Requirement<AssetsEnvironmentVariables> = {
  variable: 'DATA_KEY_ENCRYPTION_KEY',
  reason: (env) => {
    if (env.DATA_KEY_ENCRYPTION_KEYS !== undefined) return undefined;
    const why = secretRequirement<AssetsEnvironmentVariables>('DATA_KEY_ENCRYPTION_KEY').reason(env);
    return why && `${why}, unless DATA_KEY_ENCRYPTION_KEYS is set`;
  },
};

/** The KEKs from DATA_KEY_ENCRYPTION_KEYS (the first is current) or the one DATA_KEY_ENCRYPTION_KEY. */
function keyEncryptionKeys(env: AssetsEnvironmentVariables): KeyEncryptionKeys {
  if (env.DATA_KEY_ENCRYPTION_KEYS !== undefined) {
    const entries = keyEntries(env.DATA_KEY_ENCRYPTION_KEYS);
    return { current: entries[0][0], keys: new Map(entries.map(([id, key]) => [id, Buffer.from(key, 'base64')])) };
  }
  const key = secretOrEphemeral(env.DATA_KEY_ENCRYPTION_KEY, 'DATA_KEY_ENCRYPTION_KEY', 'the data keys it encrypts are lost', () =>
    randomBytes(32).toString('base64'),
  );
  return { current: SINGLE_KEY_ENCRYPTION_KEY_ID, keys: new Map([[SINGLE_KEY_ENCRYPTION_KEY_ID, Buffer.from(key, 'base64')]]) };
}

/** The assets context's variables: the key that encrypts data keys, and where file data is stored. */
class AssetsEnvironmentVariables extends EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(BASE64_32_BYTES, { message: 'DATA_KEY_ENCRYPTION_KEY must be the base64 of exactly 32 bytes' })
  DATA_KEY_ENCRYPTION_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(KEY_LIST, {
    message:
      'DATA_KEY_ENCRYPTION_KEYS must be a comma-separated list of id:key, each id 1 to 32 letters, digits, _ or -, each key the base64 of exactly 32 bytes',
  })
  @HasUniqueKeyIds()
  @IsNotSetWith('DATA_KEY_ENCRYPTION_KEY')
  DATA_KEY_ENCRYPTION_KEYS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  ASSET_S3_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ASSET_S3_BUCKET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ASSET_S3_ACCESS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ASSET_S3_SECRET?: string;
}

/** A bucket and its credentials mean nothing without the other: ASSET_S3_URL asks for all three. */
const s3Requirement = (variable: 'ASSET_S3_BUCKET' | 'ASSET_S3_ACCESS' | 'ASSET_S3_SECRET'): Requirement<AssetsEnvironmentVariables> => ({
  variable,
  reason: (env) => (env.ASSET_S3_URL ? 'required when ASSET_S3_URL is set' : undefined),
});

export type StorageSettings =
  { driver: 'local' } | { driver: 's3'; s3: { url: string; bucket: string; accessKey: string; secretKey: string } };

export type AssetsConfig = {
  /** Encrypt ("wrap") each file's data key. */
  dataKeyEncryptionKeys: KeyEncryptionKeys;
  /** `s3` when ASSET_S3_URL is set; otherwise the embedded `local` driver. */
  storage: StorageSettings;
};

/**
 * The assets context's settings, validated as AssetsModule starts even before anything reads them.
 * Injected with `@Inject(assetsConfig.KEY) config: AssetsConfig`.
 */
export const assetsConfig = registerAs('assets', (raw: Record<string, unknown> = process.env): AssetsConfig => {
  const env = validateEnvironment(AssetsEnvironmentVariables, raw, [
    keyRequirement,
    s3Requirement('ASSET_S3_BUCKET'),
    s3Requirement('ASSET_S3_ACCESS'),
    s3Requirement('ASSET_S3_SECRET'),
  ]);
  return {
    dataKeyEncryptionKeys: keyEncryptionKeys(env),
    storage:
      env.ASSET_S3_URL && env.ASSET_S3_BUCKET && env.ASSET_S3_ACCESS && env.ASSET_S3_SECRET
        ? {
            driver: 's3',
            s3: { url: env.ASSET_S3_URL, bucket: env.ASSET_S3_BUCKET, accessKey: env.ASSET_S3_ACCESS, secretKey: env.ASSET_S3_SECRET },
          }
        : { driver: 'local' },
  };
});
