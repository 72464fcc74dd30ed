import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
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
/** An upload URL is handed to the client that created the asset, to use at once: a day is more than any upload needs. */
const MAX_UPLOAD_TOKEN_TTL_SECONDS = 24 * 60 * 60;

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
  ASSET_S3_BUCKET?: string;

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
}

/** A bucket and its credentials mean nothing without the other: ASSET_S3_URL asks for all three. */
const s3Requirement = (variable: 'ASSET_S3_BUCKET' | 'ASSET_S3_ACCESS' | 'ASSET_S3_SECRET'): Requirement<AssetsEnvironmentVariables> => ({
  variable,
  reason: (env) => (env.ASSET_S3_URL ? 'required when ASSET_S3_URL is set' : undefined),
});

export type StorageSettings =
  { driver: 'local' } | { driver: 's3'; s3: { url: string; bucket: string; accessKey: string; secretKey: string } };

export type AssetsConfig = {
  /** Encrypts each file's data key (32 bytes). */
  dataKeyEncryptionKey: Buffer;
  /** `s3` when ASSET_S3_URL is set; otherwise the embedded `local` driver. */
  storage: StorageSettings;
  /** How long the upload URL a new asset points to stays valid. */
  uploadTokenTtlSeconds: number;
  /** The largest file accepted, declared or sent. */
  maxUploadBytes: number;
  /** What one owner may store in all (declared sizes), in MiB. */
  storageQuotaMb: number;
};

/**
 * The assets context's settings, validated as AssetsModule starts even before anything reads them.
 * Injected with `@Inject(assetsConfig.KEY) config: AssetsConfig`.
 */
export const assetsConfig = registerAs('assets', (raw: Record<string, unknown> = process.env): AssetsConfig => {
  const env = validateEnvironment(AssetsEnvironmentVariables, raw, [
    secretRequirement('DATA_KEY_ENCRYPTION_KEY'),
    s3Requirement('ASSET_S3_BUCKET'),
    s3Requirement('ASSET_S3_ACCESS'),
    s3Requirement('ASSET_S3_SECRET'),
  ]);
  const dataKeyEncryptionKey = secretOrEphemeral(
    env.DATA_KEY_ENCRYPTION_KEY,
    'DATA_KEY_ENCRYPTION_KEY',
    'the data keys it encrypts are lost',
    () => randomBytes(32).toString('base64'),
  );
  return {
    dataKeyEncryptionKey: Buffer.from(dataKeyEncryptionKey, 'base64'),
    storage:
      env.ASSET_S3_URL && env.ASSET_S3_BUCKET && env.ASSET_S3_ACCESS && env.ASSET_S3_SECRET
        ? {
            driver: 's3',
            s3: { url: env.ASSET_S3_URL, bucket: env.ASSET_S3_BUCKET, accessKey: env.ASSET_S3_ACCESS, secretKey: env.ASSET_S3_SECRET },
          }
        : { driver: 'local' },
    uploadTokenTtlSeconds: env.UPLOAD_TOKEN_TTL_SECONDS,
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    storageQuotaMb: env.STORAGE_QUOTA_MB,
  };
});
