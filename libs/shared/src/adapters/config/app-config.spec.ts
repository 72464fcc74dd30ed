import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { AppConfig } from './app-config';

const secrets = { JWT_SECRET_KEY: 'k'.repeat(40), DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };

describe('AppConfig', () => {
  it('runs with no environment at all in dev, on ephemeral secrets and the embedded drivers', () => {
    Logger.overrideLogger(false);
    const config = AppConfig.fromEnvironment({});
    expect(config.environment).toBe('dev');
    expect(config.port).toBe(3000);
    expect(config.jwtSecretKey.length).toBeGreaterThanOrEqual(32);
    expect(config.dataKeyEncryptionKey).toHaveLength(32);
    expect(config.mongodbUrl).toBeUndefined();
    expect(config.mail.smtpServer).toBeUndefined();
    expect(config.publicApiUrl).toBe('http://localhost:3000');
  });

  it.each(['qa', 'prod'])('refuses to start in %s without the secrets, naming them', (environment) => {
    expect(() => AppConfig.fromEnvironment({ ENVIRONMENT: environment })).toThrow(/JWT_SECRET_KEY: required/);
    expect(() => AppConfig.fromEnvironment({ ENVIRONMENT: environment, JWT_SECRET_KEY: secrets.JWT_SECRET_KEY })).toThrow(
      /DATA_KEY_ENCRYPTION_KEY: required/,
    );
    expect(AppConfig.fromEnvironment({ ENVIRONMENT: environment, ...secrets }).environment).toBe(environment);
  });

  it('names every wrong variable', () => {
    const attempt = () =>
      AppConfig.fromEnvironment({
        ...secrets,
        PORT: 'eighty',
        EMAIL_SMTP_SECURITY: 'SSL',
        DATA_KEY_ENCRYPTION_KEY: 'short',
        MONGODB_URL: 'http://x',
      });
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/EMAIL_SMTP_SECURITY/);
    expect(attempt).toThrow(/DATA_KEY_ENCRYPTION_KEY/);
    expect(attempt).toThrow(/MONGODB_URL/);
  });

  it('needs ADMIN_PASSWORD with ADMIN_EMAIL', () => {
    expect(() => AppConfig.fromEnvironment({ ...secrets, ADMIN_EMAIL: 'root@example.com' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('chooses SMTP and MongoDB when their settings are present', () => {
    const config = AppConfig.fromEnvironment({
      ...secrets,
      EMAIL_SMTP_SERVER: 'mail.example.com',
      MONGODB_URL: 'mongodb://db:27017/keepem?replicaSet=rs0',
    });
    expect(config.mail).toMatchObject({ smtpServer: 'mail.example.com', smtpPort: 587, smtpSecurity: 'STARTTLS' });
    expect(config.mongodbUrl).toContain('replicaSet=rs0');
  });
});
