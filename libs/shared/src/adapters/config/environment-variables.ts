import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** LOG_LEVEL for loggers built before the configuration is validated; a wrong value falls back to info. */
export function requestLogLevel(value: string | undefined): string {
  return value && LOG_LEVELS.includes(value) ? value : 'info';
}

const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every setting the service reads, with its rule. `.env.example` documents each one. */
export class EnvironmentVariables {
  @IsIn(['dev', 'qa', 'prod'])
  ENVIRONMENT: 'dev' | 'qa' | 'prod' = 'dev';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_API_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET_KEY must be at least 32 characters (HS384 wants a long key)' })
  JWT_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(BASE64_32_BYTES, { message: 'DATA_KEY_ENCRYPTION_KEY must be the base64 of exactly 32 bytes' })
  DATA_KEY_ENCRYPTION_KEY?: string;

  @IsString()
  EMAIL_SENDER_ADDRESS = 'Keepem <no-reply@keepem.local>';

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  EMAIL_SENDER_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  EMAIL_SMTP_SERVER?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMAIL_SMTP_PORT = 587;

  @IsIn(['STARTTLS', 'TLS', 'NONE'])
  EMAIL_SMTP_SECURITY: 'STARTTLS' | 'TLS' | 'NONE' = 'STARTTLS';

  @IsString()
  MAIL_DIR = 'var/mail';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URL must be a mongodb:// or mongodb+srv:// URL' })
  MONGODB_URL?: string;

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

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(8)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  BOARD_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  KAFKA_BROKERS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CORS_ORIGINS?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_IP_PER_MINUTE = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  OUTBOX_POLL_INTERVAL_MS = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OUTBOX_RETRY_BASE_MS = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OUTBOX_MAX_ATTEMPTS = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1_000)
  OUTBOX_LEASE_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  OUTBOX_RETENTION_DAYS = 7;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_MAX_DAYS = 180;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL = 'info';
}
