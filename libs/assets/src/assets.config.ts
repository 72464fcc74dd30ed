import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';
import { randomBytes } from 'node:crypto';
import {
  emptyToUndefined,
  ENVIRONMENTS,
  EnvironmentVariables,
  Requirement,
  secretOrEphemeral,
  secretRequirement,
  validateEnvironment,
} from '@keepem/shared/config';

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
/** An upload URL is handed to the client that created the asset, to use at once: a day is more than any upload needs. */
const MAX_UPLOAD_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** S3's rule for bucket names: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at each end. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Outside prod the bucket must name its environment (`keepem-assets-qa`), so a dev or qa process
 * pointed at the wrong bucket cannot write into, or delete from, another environment's files.
 * Skipped while ENVIRONMENT is itself wrong: that one reports itself.
 */
function NamesItsEnvironment() {
  const environmentOf = (args?: ValidationArguments) => (args?.object as { ENVIRONMENT?: string } | undefined)?.ENVIRONMENT ?? '';
  return ValidateBy({
    name: 'namesItsEnvironment',
    validator: {
      validate: (value: unknown, args) => {
        const environment = environmentOf(args);
        return !(ENVIRONMENTS as readonly string[]).includes(environment) || environment === 'prod' || String(value).includes(environment);
      },
      defaultMessage: (args) => `$property must contain ENVIRONMENT (${environmentOf(args)}) unless ENVIRONMENT is prod`,
    },
  });
}

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
  @MinLength(1)
  STORAGE_DIR?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(BUCKET_NAME, {
    message: 'ASSET_S3_BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, dots and hyphens, a letter or digit at each end',
  })
  @NamesItsEnvironment()
  ASSET_S3_BUCKET?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9-]+$/, { message: 'ASSET_S3_REGION must be a region name such as us-east-1' })
  ASSET_S3_REGION?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ASSET_S3_ACCESS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  ASSET_S3_SECRET?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_UPLOAD_TOKEN_TTL_SECONDS)
  UPLOAD_TOKEN_TTL_SECONDS = 300;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  STORAGE_QUOTA_MB = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RELEASE_NOTIFY_INTERVAL_SECONDS = 600;
}

type S3Variable = 'ASSET_S3_URL' | 'ASSET_S3_REGION' | 'ASSET_S3_ACCESS' | 'ASSET_S3_SECRET';

/**
 * The bucket is what selects S3: any other S3 setting without it is a mistake that would otherwise
 * leave the files silently on local disk.
 */
const bucketRequirement: Requirement<AssetsEnvironmentVariables> = {
  variable: 'ASSET_S3_BUCKET',
  reason: (env) => {
    const given = (['ASSET_S3_URL', 'ASSET_S3_REGION', 'ASSET_S3_ACCESS', 'ASSET_S3_SECRET'] as S3Variable[]).find((name) => env[name]);
    return given && `required when ${given} is set`;
  },
};

/** An access key and its secret go together; with neither, the AWS default credential chain applies. */
const credentialRequirement = (
  variable: 'ASSET_S3_ACCESS' | 'ASSET_S3_SECRET',
  other: S3Variable,
): Requirement<AssetsEnvironmentVariables> => ({
  variable,
  reason: (env) => (env[other] ? `required when ${other} is set` : undefined),
});

/** Where file data goes when ASSET_S3_BUCKET is set. */
export interface S3StorageSettings {
  bucket: string;
  /** An S3-compatible server such as MinIO, addressed path-style; absent means AWS itself. */
  endpoint?: string;
  region: string;
  /** Absent means the AWS default credential chain (environment, profile, container or instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type StorageSettings = { driver: 'local'; directory: string } | { driver: 's3'; s3: S3StorageSettings };

export type AssetsConfig = {
  /** Encrypt ("wrap") each file's data key. */
  dataKeyEncryptionKeys: KeyEncryptionKeys;
  /** `s3` when ASSET_S3_BUCKET is set; otherwise the embedded `local` driver, in STORAGE_DIR. */
  storage: StorageSettings;
  /** How long the upload URL a new asset points to stays valid. */
  uploadTokenTtlSeconds: number;
  /** The largest file accepted, declared or sent. */
  maxUploadBytes: number;
  /** What one owner may store in all (declared sizes), in MiB. */
  storageQuotaMb: number;
  /** How often the release-time job looks for releases whose time has come, to tell their receivers. */
  releaseNotifyIntervalSeconds: number;
};

/**
 * The assets context's settings, validated as AssetsModule starts even before anything reads them.
 * Injected with `@Inject(assetsConfig.KEY) config: AssetsConfig`.
 */
export const assetsConfig = registerAs('assets', (raw: Record<string, unknown> = process.env): AssetsConfig => {
  const env = validateEnvironment(AssetsEnvironmentVariables, raw, [
    keyRequirement,
    bucketRequirement,
    credentialRequirement('ASSET_S3_ACCESS', 'ASSET_S3_SECRET'),
    credentialRequirement('ASSET_S3_SECRET', 'ASSET_S3_ACCESS'),
  ]);
  return {
    dataKeyEncryptionKeys: keyEncryptionKeys(env),
    storage: storageSettings(env),
    uploadTokenTtlSeconds: env.UPLOAD_TOKEN_TTL_SECONDS,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    storageQuotaMb: env.STORAGE_QUOTA_MB,
    releaseNotifyIntervalSeconds: env.RELEASE_NOTIFY_INTERVAL_SECONDS,
  };
});

function storageSettings(env: AssetsEnvironmentVariables): StorageSettings {
  if (!env.ASSET_S3_BUCKET) {
    return { driver: 'local', directory: env.STORAGE_DIR ?? './var/storage' };
  }
  const { ASSET_S3_ACCESS: accessKeyId, ASSET_S3_SECRET: secretAccessKey } = env;
  return {
    driver: 's3',
    s3: {
      bucket: env.ASSET_S3_BUCKET,
      endpoint: env.ASSET_S3_URL,
      region: env.ASSET_S3_REGION ?? 'us-east-1',
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    },
  };
}
