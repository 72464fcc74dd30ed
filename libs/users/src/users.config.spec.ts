import { describe, expect, it } from '@jest/globals';
import { availableParallelism } from 'node:os';
import { usersConfig } from './users.config';
import { expectEachVariableNamed, loggedWarnings } from '@keepem/shared/testing';

const JWT_SECRET_KEY = 'k'.repeat(40);

describe('usersConfig', () => {
  const warnings = loggedWarnings();

  it('runs on defaults in dev, making up a secret for the life of the process and saying so', () => {
    const config = usersConfig({});
    expect(config).toMatchObject({
      loginLimits: { perIpPerMinute: 30, perAccountPerIpPerMinute: 10, perAccountPerMinute: 100 },
      signUpLimitPerIpPerHour: 20,
      passwordResetLimitPerIpPerHour: 10,
      rateLimitStoreCapacity: 50_000,
      passwordHashing: { concurrency: availableParallelism(), queueLimit: 32 },
      sessionMaxDays: 180,
    });
    expect(config.admin).toBeUndefined();
    expect(config.boardEmail).toBeUndefined();
    expect(config.passwordResetUrl).toBeUndefined();
    expect(config.jwtSecretKey.length).toBeGreaterThanOrEqual(32);
    expect(warnings).toEqual([expect.stringContaining('JWT_SECRET_KEY is not set')]);
    expect(usersConfig({}).jwtSecretKey).not.toBe(config.jwtSecretKey);
  });

  it('keeps a given secret without a warning', () => {
    expect(usersConfig({ JWT_SECRET_KEY }).jwtSecretKey).toBe(JWT_SECRET_KEY);
    expect(warnings).toEqual([]);
  });

  it.each(['qa', 'prod'])('refuses to start in %s without JWT_SECRET_KEY, naming it', (environment) => {
    expect(() => usersConfig({ ENVIRONMENT: environment })).toThrow(
      `Invalid configuration:\n  JWT_SECRET_KEY: required when ENVIRONMENT is ${environment}`,
    );
    expect(usersConfig({ ENVIRONMENT: environment, JWT_SECRET_KEY }).jwtSecretKey).toBe(JWT_SECRET_KEY);
  });

  it('needs ADMIN_PASSWORD with ADMIN_EMAIL, and seeds the administrator with both', () => {
    expect(() => usersConfig({ JWT_SECRET_KEY, ADMIN_EMAIL: 'root@example.com' })).toThrow(
      'Invalid configuration:\n  ADMIN_PASSWORD: required when ADMIN_EMAIL is set',
    );
    expect(usersConfig({ JWT_SECRET_KEY, ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'admin password' }).admin).toEqual({
      email: 'root@example.com',
      password: 'admin password',
    });
  });

  it('names every wrong variable, one per line', () => {
    const attempt = () =>
      usersConfig({
        JWT_SECRET_KEY: 'short',
        ADMIN_EMAIL: 'root',
        ADMIN_PASSWORD: 'p'.repeat(97),
        BOARD_EMAIL: 'board',
        LOGIN_LIMIT_PER_IP_PER_MINUTE: '0',
        LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '-1',
        LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: 'ten',
        SIGNUP_LIMIT_PER_IP_PER_HOUR: '0',
        KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR: '0',
        PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR: '0',
        PASSWORD_RESET_URL: 'reset-password',
        RATE_LIMIT_STORE_CAPACITY: 'many',
        PASSWORD_HASH_CONCURRENCY: '0',
        PASSWORD_HASH_QUEUE_LIMIT: '-1',
        SESSION_MAX_DAYS: '1.5',
      });
    expectEachVariableNamed(attempt, [
      'JWT_SECRET_KEY',
      'ADMIN_EMAIL',
      'ADMIN_PASSWORD',
      'BOARD_EMAIL',
      'LOGIN_LIMIT_PER_IP_PER_MINUTE',
      'LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE',
      'LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE',
      'SIGNUP_LIMIT_PER_IP_PER_HOUR',
      'KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR',
      'PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR',
      'PASSWORD_RESET_URL',
      'RATE_LIMIT_STORE_CAPACITY',
      'PASSWORD_HASH_CONCURRENCY',
      'PASSWORD_HASH_QUEUE_LIMIT',
      'SESSION_MAX_DAYS',
    ]);
  });

  it('reads the limits, the board and the session length', () => {
    const config = usersConfig({
      JWT_SECRET_KEY,
      BOARD_EMAIL: 'board@example.com',
      LOGIN_LIMIT_PER_IP_PER_MINUTE: '5',
      LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '3',
      LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: '12',
      SIGNUP_LIMIT_PER_IP_PER_HOUR: '7',
      KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR: '9',
      PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR: '4',
      PASSWORD_RESET_URL: 'https://app.keepem.test/reset-password',
      RATE_LIMIT_STORE_CAPACITY: '1000',
      PASSWORD_HASH_CONCURRENCY: '3',
      PASSWORD_HASH_QUEUE_LIMIT: '0',
      SESSION_MAX_DAYS: '30',
    });
    expect(config).toMatchObject({
      boardEmail: 'board@example.com',
      loginLimits: { perIpPerMinute: 5, perAccountPerIpPerMinute: 3, perAccountPerMinute: 12 },
      signUpLimitPerIpPerHour: 7,
      keepRequestLimitPerIpPerHour: 9,
      passwordResetLimitPerIpPerHour: 4,
      passwordResetUrl: 'https://app.keepem.test/reset-password',
      rateLimitStoreCapacity: 1000,
      passwordHashing: { concurrency: 3, queueLimit: 0 },
      sessionMaxDays: 30,
    });
  });

  it('takes an empty PASSWORD_HASH_CONCURRENCY as unset: one hash at a time per CPU', () => {
    expect(usersConfig({ JWT_SECRET_KEY, PASSWORD_HASH_CONCURRENCY: '' }).passwordHashing.concurrency).toBe(availableParallelism());
  });

  it('refuses an account-wide login ceiling below the per-address one, naming both', () => {
    expect(() =>
      usersConfig({ JWT_SECRET_KEY, LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '10', LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: '5' }),
    ).toThrow(
      'Invalid configuration:\n  LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE must be at least ' +
        'LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE (10): it is the ceiling over all addresses together',
    );
  });
});
