import { registerAs } from '@nestjs/config';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUrl, Matches, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';
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

/** The assets context's variables: the key that encrypts data keys, and where file data is stored. */
class AssetsEnvironmentVariables extends EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(BASE64_32_BYTES, { message: 'DATA_KEY_ENCRYPTION_KEY must be the base64 of exactly 32 bytes' })
  DATA_KEY_ENCRYPTION_KEY?: string;

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
  /** Encrypts each file's data key (32 bytes). */
  dataKeyEncryptionKey: Buffer;
  /** `s3` when ASSET_S3_BUCKET is set; otherwise the embedded `local` driver, in STORAGE_DIR. */
  storage: StorageSettings;
};

/**
 * The assets context's settings, validated as AssetsModule starts even before anything reads them.
 * Injected with `@Inject(assetsConfig.KEY) config: AssetsConfig`.
 */
export const assetsConfig = registerAs('assets', (raw: Record<string, unknown> = process.env): AssetsConfig => {
  const env = validateEnvironment(AssetsEnvironmentVariables, raw, [
    secretRequirement('DATA_KEY_ENCRYPTION_KEY'),
    bucketRequirement,
    credentialRequirement('ASSET_S3_ACCESS', 'ASSET_S3_SECRET'),
    credentialRequirement('ASSET_S3_SECRET', 'ASSET_S3_ACCESS'),
  ]);
  const dataKeyEncryptionKey = secretOrEphemeral(
    env.DATA_KEY_ENCRYPTION_KEY,
    'DATA_KEY_ENCRYPTION_KEY',
    'the data keys it encrypts are lost',
    () => randomBytes(32).toString('base64'),
  );
  return {
    dataKeyEncryptionKey: Buffer.from(dataKeyEncryptionKey, 'base64'),
    storage: storageSettings(env),
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
