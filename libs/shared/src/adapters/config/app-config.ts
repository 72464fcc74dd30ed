import { Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { EnvironmentVariables } from './environment-variables';

/**
 * The validated settings the rest of the code reads. Built once at start-up: any wrong value
 * stops the process with a message naming the variable.
 */
export class AppConfig {
  private constructor(
    readonly environment: 'dev' | 'qa' | 'prod',
    readonly port: number,
    readonly publicApiUrl: string,
    readonly jwtSecretKey: string,
    readonly dataKeyEncryptionKey: Buffer,
    readonly mail: {
      sender: string;
      password?: string;
      smtpServer?: string;
      smtpPort: number;
      smtpSecurity: 'STARTTLS' | 'TLS' | 'NONE';
      directory: string;
    },
    readonly mongodbUrl: string | undefined,
    readonly admin: { email: string; password: string } | undefined,
    readonly boardEmail: string | undefined,
    readonly corsOrigins: string[],
    readonly loginLimits: { perIpPerMinute: number; perAccountPerMinute: number },
    readonly outbox: { pollIntervalMs: number; retryBaseMs: number; maxAttempts: number; leaseMs: number; retentionDays: number },
    readonly sessionMaxDays: number,
    readonly logLevel: string,
  ) {}

  static fromEnvironment(raw: Record<string, unknown>): AppConfig {
    const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
    const errors = validateSync(env, { skipMissingProperties: false });
    if (errors.length > 0) {
      const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}).map((text) => `  ${error.property}: ${text}`));
      throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
    }
    const secret = (name: 'JWT_SECRET_KEY' | 'DATA_KEY_ENCRYPTION_KEY', generate: () => string): string => {
      const value = env[name];
      if (value) {
        return value;
      }
      if (env.ENVIRONMENT !== 'dev') {
        throw new Error(`Invalid configuration:\n  ${name}: required when ENVIRONMENT is ${env.ENVIRONMENT}`);
      }
      new Logger(AppConfig.name).warn(`${name} is not set: using an ephemeral one, so tokens and keys die with this process`);
      return generate();
    };
    if (env.ADMIN_EMAIL && !env.ADMIN_PASSWORD) {
      throw new Error('Invalid configuration:\n  ADMIN_PASSWORD: required when ADMIN_EMAIL is set');
    }
    if (env.KAFKA_BROKERS) {
      new Logger(AppConfig.name).warn('KAFKA_BROKERS is set but the Kafka driver is not built yet: using the in-process broker');
    }
    return new AppConfig(
      env.ENVIRONMENT,
      env.PORT,
      (env.PUBLIC_API_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
      secret('JWT_SECRET_KEY', () => randomBytes(48).toString('base64')),
      Buffer.from(
        secret('DATA_KEY_ENCRYPTION_KEY', () => randomBytes(32).toString('base64')),
        'base64',
      ),
      {
        sender: env.EMAIL_SENDER_ADDRESS,
        password: env.EMAIL_SENDER_PASSWORD,
        smtpServer: env.EMAIL_SMTP_SERVER,
        smtpPort: env.EMAIL_SMTP_PORT,
        smtpSecurity: env.EMAIL_SMTP_SECURITY,
        directory: env.MAIL_DIR,
      },
      env.MONGODB_URL,
      env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } : undefined,
      env.BOARD_EMAIL,
      env.CORS_ORIGINS?.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean) ?? [],
      { perIpPerMinute: env.LOGIN_LIMIT_PER_IP_PER_MINUTE, perAccountPerMinute: env.LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE },
      {
        pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
        retryBaseMs: env.OUTBOX_RETRY_BASE_MS,
        maxAttempts: env.OUTBOX_MAX_ATTEMPTS,
        leaseMs: env.OUTBOX_LEASE_MS,
        retentionDays: env.OUTBOX_RETENTION_DAYS,
      },
      env.SESSION_MAX_DAYS,
      env.LOG_LEVEL,
    );
  }
}
