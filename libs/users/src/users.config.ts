import { ConfigModule, registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, IsUrl, Length, Min, MinLength, ValidateBy, type ValidationArguments } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { emptyToUndefined, EnvironmentVariables, secretOrEphemeral, secretRequirement, validateEnvironment } from '@keepem/shared/config';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './domain/password-policy';

/** A number at least as large as another variable's (when that one is valid: else it reports itself). */
function IsAtLeast(other: string, why: string) {
  const otherValue = (args?: ValidationArguments) => (args?.object as Record<string, unknown> | undefined)?.[other];
  return ValidateBy({
    name: 'isAtLeast',
    validator: {
      validate: (value: unknown, args) =>
        !Number.isInteger(otherValue(args)) || (typeof value === 'number' && value >= (otherValue(args) as number)),
      defaultMessage: (args) => `$property must be at least ${other} (${String(otherValue(args))}): ${why}`,
    },
  });
}

/** An optional number, where an empty line in a .env file means "not set". */
const optionalNumber = ({ value }: { value: unknown }) => (value === '' || value === undefined ? undefined : Number(value));

/** The users context's variables: tokens, the administrator, the board, abuse limits, sessions. */
class UsersEnvironmentVariables extends EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET_KEY must be at least 32 characters (HS384 wants a long key)' })
  JWT_SECRET_KEY?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  BOARD_EMAIL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_IP_PER_MINUTE = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @IsAtLeast('LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE', 'it is the ceiling over all addresses together')
  LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE = 100;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SIGNUP_LIMIT_PER_IP_PER_HOUR = 20;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR = 60;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR = 10;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  PASSWORD_RESET_URL?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RATE_LIMIT_STORE_CAPACITY = 50_000;

  @IsOptional()
  @Transform(optionalNumber)
  @IsInt()
  @Min(1)
  PASSWORD_HASH_CONCURRENCY?: number;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  PASSWORD_HASH_QUEUE_LIMIT = 32;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  SESSION_MAX_DAYS = 180;
}

export type UsersConfig = {
  jwtSecretKey: string;
  /** Seeded at start-up when both ADMIN_EMAIL and ADMIN_PASSWORD are set. */
  admin?: { email: string; password: string };
  /** Where "new user" notices go; none when unset. */
  boardEmail?: string;
  loginLimits: { perIpPerMinute: number; perAccountPerIpPerMinute: number; perAccountPerMinute: number };
  signUpLimitPerIpPerHour: number;
  keepRequestLimitPerIpPerHour: number;
  passwordResetLimitPerIpPerHour: number;
  /** The page reset e-mails link to; unset, `${PUBLIC_API_URL}/reset-password` (see UsersModule). */
  passwordResetUrl?: string;
  /** The most keys (addresses, accounts…) each rate limit holds at once; a full one refuses new keys. */
  rateLimitStoreCapacity: number;
  /** At most `concurrency` hashes at once and `queueLimit` waiting; beyond that the work is refused. */
  passwordHashing: { concurrency: number; queueLimit: number };
  sessionMaxDays: number;
};

/**
 * The users context's settings, validated as its module starts. Adapters and entrypoints inject
 * them with `@Inject(usersConfig.KEY) config: UsersConfig`; handlers and policies get theirs through
 * the USERS_SETTINGS port instead.
 */
export const usersConfig = registerAs('users', (raw: Record<string, unknown> = process.env): UsersConfig => {
  const env = validateEnvironment(UsersEnvironmentVariables, raw, [
    secretRequirement('JWT_SECRET_KEY'),
    { variable: 'ADMIN_PASSWORD', reason: (env) => (env.ADMIN_EMAIL ? 'required when ADMIN_EMAIL is set' : undefined) },
  ]);
  return {
    jwtSecretKey: secretOrEphemeral(env.JWT_SECRET_KEY, 'JWT_SECRET_KEY', 'the tokens it signs die', () =>
      randomBytes(48).toString('base64'),
    ),
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
    boardEmail: env.BOARD_EMAIL,
    loginLimits: {
      perIpPerMinute: env.LOGIN_LIMIT_PER_IP_PER_MINUTE,
      perAccountPerIpPerMinute: env.LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE,
      perAccountPerMinute: env.LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE,
    },
    signUpLimitPerIpPerHour: env.SIGNUP_LIMIT_PER_IP_PER_HOUR,
    keepRequestLimitPerIpPerHour: env.KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR,
    passwordResetLimitPerIpPerHour: env.PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR,
    passwordResetUrl: env.PASSWORD_RESET_URL,
    rateLimitStoreCapacity: env.RATE_LIMIT_STORE_CAPACITY,
    passwordHashing: { concurrency: env.PASSWORD_HASH_CONCURRENCY ?? availableParallelism(), queueLimit: env.PASSWORD_HASH_QUEUE_LIMIT },
    sessionMaxDays: env.SESSION_MAX_DAYS,
  };
});

/**
 * The one registration of the settings, imported by each of the context's modules that needs them:
 * Nest builds them once, so a dev process makes up one ephemeral secret, not one per module.
 */
export const UsersConfigModule = ConfigModule.forFeature(usersConfig);
