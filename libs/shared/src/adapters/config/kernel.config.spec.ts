import { describe, expect, it } from '@jest/globals';
import { kernelConfig } from './kernel.config';
import { expectEachVariableNamed } from '../../testing/invalid-configuration';

describe('kernelConfig', () => {
  it('runs with no environment at all in dev, on the embedded drivers', () => {
    const config = kernelConfig({});
    expect(config).toMatchObject({
      environment: 'dev',
      host: '0.0.0.0',
      port: 3000,
      publicApiUrl: 'http://localhost:3000',
      logLevel: 'info',
      corsOrigins: [],
      persistence: { driver: 'memory' },
      broker: { driver: 'in-process', kafkaBrokers: [], compressMinBytes: 4096, consumerMaxAttempts: 5 },
      mail: { driver: 'log', sender: 'Keepem <no-reply@keepem.local>', smtpPort: 587, smtpSecurity: 'STARTTLS', directory: 'var/mail' },
      outbox: { pollIntervalMs: 1000, retryBaseMs: 1000, maxAttempts: 10, leaseMs: 30_000, retentionDays: 7 },
    });
    expect(config.persistence.mongodbUrl).toBeUndefined();
    expect(config.commit).toBeUndefined();
  });

  it.each(['qa', 'prod'])('needs no secret of its own in %s', (environment) => {
    expect(kernelConfig({ ENVIRONMENT: environment }).environment).toBe(environment);
  });

  it('names every wrong variable, one per line', () => {
    const attempt = () =>
      kernelConfig({
        ENVIRONMENT: 'staging',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        EMAIL_SMTP_SECURITY: 'SSL',
        MONGODB_URL: 'http://x',
        OUTBOX_LEASE_MS: '10',
        GIT_COMMIT: 'main',
      });
    expectEachVariableNamed(attempt, [
      'ENVIRONMENT',
      'PORT',
      'LOG_LEVEL',
      'EMAIL_SMTP_SECURITY',
      'MONGODB_URL',
      'OUTBOX_LEASE_MS',
      'GIT_COMMIT',
    ]);
  });

  it.each(['127.0.0.1', '::', '::1', 'localhost', 'api.internal'])('listens on HOST=%s, an address or a host name', (host) => {
    expect(kernelConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['', ' ', '0.0.0.0:3000', '[::1]', 'http://localhost', 'two words', '1.2.3.4.5'])('refuses HOST=%j', (host) => {
    expectEachVariableNamed(() => kernelConfig({ HOST: host }), ['HOST']);
  });

  it('chooses SMTP and MongoDB when their settings are present', () => {
    const config = kernelConfig({ EMAIL_SMTP_SERVER: 'mail.example.com', MONGODB_URL: 'mongodb://db:27017/keepem?replicaSet=rs0' });
    expect(config.mail).toMatchObject({ driver: 'smtp', smtpServer: 'mail.example.com', smtpPort: 587, smtpSecurity: 'STARTTLS' });
    expect(config.persistence).toEqual({ driver: 'mongo', mongodbUrl: 'mongodb://db:27017/keepem?replicaSet=rs0' });
  });

  it('refuses KAFKA_BROKERS without MONGODB_URL: no worker could share an outbox kept in the API’s memory', () => {
    const attempt = () => kernelConfig({ KAFKA_BROKERS: 'localhost:29092' });
    expectEachVariableNamed(attempt, ['MONGODB_URL']);
    expect(attempt).toThrow('MONGODB_URL: required when KAFKA_BROKERS is set');
    expect(kernelConfig({ KAFKA_BROKERS: '', MONGODB_URL: '' }).broker.driver).toBe('in-process');
  });

  it('takes empty variables as unset, as a copied .env.example has them', () => {
    const config = kernelConfig({ MONGODB_URL: '', EMAIL_SMTP_SERVER: '', PUBLIC_API_URL: '', CORS_ORIGINS: '', GIT_COMMIT: '' });
    expect(config.commit).toBeUndefined();
    expect(config.persistence.driver).toBe('memory');
    expect(config.mail.driver).toBe('log');
    expect(config.publicApiUrl).toBe('http://localhost:3000');
  });

  it('splits lists and trims the public URL for links', () => {
    const config = kernelConfig({
      PORT: '8080',
      PUBLIC_API_URL: 'https://api.keepem.example/',
      CORS_ORIGINS: 'https://app.keepem.example, https://admin.keepem.example,',
      KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
      MONGODB_URL: 'mongodb://db:27017/keepem?replicaSet=rs0',
      GIT_COMMIT: '9aad901',
    });
    expect(config.commit).toBe('9aad901');
    expect(config.port).toBe(8080);
    expect(config.publicApiUrl).toBe('https://api.keepem.example');
    expect(config.corsOrigins).toEqual(['https://app.keepem.example', 'https://admin.keepem.example']);
    expect(config.broker).toMatchObject({ driver: 'kafka', kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'] });
  });
});
