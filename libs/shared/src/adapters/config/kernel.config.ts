import { registerAs } from '@nestjs/config';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, isFQDN, isIP, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateBy } from 'class-validator';
import { emptyToUndefined, Environment, EnvironmentVariables, type Requirement, validateEnvironment } from './validate-environment';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** An address to listen on: an IPv4 or IPv6 address, or a host name such as `localhost`. */
const IsListenAddress = () =>
  ValidateBy({
    name: 'isListenAddress',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (isIP(value) || isFQDN(value, { require_tld: false })),
      defaultMessage: () => 'HOST must be an IP address or a host name',
    },
  });

/** The kernel's variables: the process, its drivers, and the outbox. `.env.example` documents each one. */
class KernelEnvironmentVariables extends EnvironmentVariables {
  /** Every interface by default: the service runs in a container, reached through its published port. */
  @IsListenAddress()
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_API_URL?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL = 'info';

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[0-9a-f]{7,64}$/i, { message: 'GIT_COMMIT must be a commit hash (7 to 64 hexadecimal digits)' })
  GIT_COMMIT?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^mongodb(\+srv)?:\/\//, { message: 'MONGODB_URL must be a mongodb:// or mongodb+srv:// URL' })
  MONGODB_URL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  KAFKA_BROKERS?: string;

  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'KAFKA_CLIENT_ID must be 1 to 100 letters, digits, dots, underscores or hyphens' })
  KAFKA_CLIENT_ID = 'keepem';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  KAFKA_TOPIC_PARTITIONS = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  KAFKA_TOPIC_REPLICATION_FACTOR = 1;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  KAFKA_HEALTH_TIMEOUT_MS = 2_000;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  OUTBOX_COMPRESS_MIN_BYTES = 4096;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  CONSUMER_MAX_ATTEMPTS = 5;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  CONSUMER_RETRY_BASE_MS = 500;

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
}

/**
 * The longest wait between two attempts, for the outbox relay and the Kafka consumers alike: a
 * record, or a partition, is never held for long without a try.
 */
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

export type MailSettings = {
  /** `smtp` when EMAIL_SMTP_SERVER is set; otherwise `log`, .eml files in `directory`. */
  driver: 'log' | 'smtp';
  sender: string;
  password?: string;
  smtpServer?: string;
  smtpPort: number;
  smtpSecurity: 'STARTTLS' | 'TLS' | 'NONE';
  directory: string;
};

export type BrokerSettings = {
  driver: 'in-process' | 'kafka';
  kafkaBrokers: string[];
  clientId: string;
  /** For the topics created at start-up when missing; existing topics are left as they are. */
  topicPartitions: number;
  topicReplicationFactor: number;
  /** How long the readiness probe waits for the cluster to answer. */
  healthTimeoutMs: number;
  /** Payloads of at least this many bytes (as JSON) are sent gzip-compressed. */
  compressMinBytes: number;
  /** Attempts a consumer gets at one message before it goes to the dead letters. */
  consumerMaxAttempts: number;
  /** First delay between a consumer's attempts; doubles per attempt. */
  consumerRetryBaseMs: number;
};

export type KernelConfig = {
  environment: Environment;
  /** The address the HTTP server listens on. */
  host: string;
  port: number;
  /** Without a trailing slash, so links are built by appending a path. */
  publicApiUrl: string;
  logLevel: string;
  /** The commit the running build was made from, when the build said so. */
  commit?: string;
  corsOrigins: string[];
  /** `mongo` when MONGODB_URL is set; otherwise the embedded `memory` driver. */
  persistence: { driver: 'memory' | 'mongo'; mongodbUrl?: string };
  /** `kafka` when KAFKA_BROKERS is set; otherwise the `in-process` broker. */
  broker: BrokerSettings;
  mail: MailSettings;
  outbox: { pollIntervalMs: number; retryBaseMs: number; maxAttempts: number; leaseMs: number; retentionDays: number };
};

/**
 * With Kafka, the worker relays the outbox and consumes while the API serves: they must share the
 * outbox, which the embedded driver keeps in one process's memory.
 */
const KAFKA_NEEDS_MONGODB: Requirement<KernelEnvironmentVariables> = {
  variable: 'MONGODB_URL',
  reason: (env) =>
    env.KAFKA_BROKERS ? 'required when KAFKA_BROKERS is set: the API and the worker share the outbox through MongoDB' : undefined,
};

const list = (value: string | undefined): string[] =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean) ?? [];

/**
 * The shared kernel's settings, validated when the module is put together: a wrong value stops the
 * process with a message naming the variable. Injected with `@Inject(kernelConfig.KEY)`; called
 * with an environment of its own where a test needs one.
 */
export const kernelConfig = registerAs('kernel', (raw: Record<string, unknown> = process.env): KernelConfig => {
  const env = validateEnvironment(KernelEnvironmentVariables, raw, [KAFKA_NEEDS_MONGODB]);
  return {
    environment: env.ENVIRONMENT,
    host: env.HOST,
    port: env.PORT,
    publicApiUrl: (env.PUBLIC_API_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL,
    commit: env.GIT_COMMIT,
    corsOrigins: list(env.CORS_ORIGINS),
    persistence: { driver: env.MONGODB_URL ? 'mongo' : 'memory', mongodbUrl: env.MONGODB_URL },
    broker: {
      driver: env.KAFKA_BROKERS ? 'kafka' : 'in-process',
      kafkaBrokers: list(env.KAFKA_BROKERS),
      clientId: env.KAFKA_CLIENT_ID,
      topicPartitions: env.KAFKA_TOPIC_PARTITIONS,
      topicReplicationFactor: env.KAFKA_TOPIC_REPLICATION_FACTOR,
      healthTimeoutMs: env.KAFKA_HEALTH_TIMEOUT_MS,
      compressMinBytes: env.OUTBOX_COMPRESS_MIN_BYTES,
      consumerMaxAttempts: env.CONSUMER_MAX_ATTEMPTS,
      consumerRetryBaseMs: env.CONSUMER_RETRY_BASE_MS,
    },
    mail: {
      driver: env.EMAIL_SMTP_SERVER ? 'smtp' : 'log',
      sender: env.EMAIL_SENDER_ADDRESS,
      password: env.EMAIL_SENDER_PASSWORD,
      smtpServer: env.EMAIL_SMTP_SERVER,
      smtpPort: env.EMAIL_SMTP_PORT,
      smtpSecurity: env.EMAIL_SMTP_SECURITY,
      directory: env.MAIL_DIR,
    },
    outbox: {
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
      retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
      maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
      leaseMs: env.OUTBOX_LEASE_MS,
      retentionDays: env.OUTBOX_RETENTION_DAYS,
    },
  };
});
