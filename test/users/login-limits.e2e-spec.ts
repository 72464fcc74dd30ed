import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientAddresses } from '../support/client-addresses';
import { startTestApp, TestApp } from '../support/test-app';
import { registerAndActivate } from '../support/users-client';

const LOGIN = '/api/v1/auth/login';

/** Each address on the loopback network is a client of its own (see ClientAddresses). */
const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';

describe('Login limits an attacker cannot flush', () => {
  let app: TestApp;
  let clients: ClientAddresses;

  beforeAll(async () => {
    app = await startTestApp();
    clients = await ClientAddresses.listen(app);
  });
  afterAll(async () => {
    clients.close();
    await app.close();
  });

  it('keeps an account’s count through 5 200 logins for other accounts from 200 addresses', async () => {
    const guess = () => clients.post(ATTACKER, LOGIN).send({ email: 'victim@example.com', password: 'a wrong guess' });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await guess()).status).toBe(401);
    }
    expect((await guess()).status).toBe(429);

    // Cheap requests: no password, so each is counted and then refused by validation, with no hash
    // to compute. Every address stays under its own limit; every request names another account.
    const addresses = Array.from({ length: 200 }, (_, index) => `127.0.1.${index + 1}`);
    const statuses = await Promise.all(
      addresses.map(async (address, index) => {
        const answers: number[] = [];
        for (let attempt = 0; attempt < 26; attempt++) {
          answers.push((await clients.post(address, LOGIN).send({ email: `flood.${index}.${attempt}@example.com` })).status);
        }
        return answers;
      }),
    );
    expect(new Set(statuses.flat())).toEqual(new Set([400]));

    const afterTheFlood = await guess();
    expect(afterTheFlood.status).toBe(429);
    expect(afterTheFlood.headers['retry-after']).toMatch(/^\d+$/);
  }, 30_000);
});

describe('Login limits when their store is full', () => {
  let app: TestApp;
  let clients: ClientAddresses;

  beforeAll(async () => {
    app = await startTestApp({ RATE_LIMIT_STORE_CAPACITY: '20' });
    clients = await ClientAddresses.listen(app);
  });
  afterAll(async () => {
    clients.close();
    await app.close();
  });

  it('refuses new keys with 429 and Retry-After rather than forget the counts it holds', async () => {
    const guess = () => clients.post(ATTACKER, LOGIN).send({ email: 'victim@example.com', password: 'a wrong guess' });
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await guess()).status).toBe(401);
    }

    // 25 other accounts from one address: the store of (account, address) pairs holds the victim's
    // and 19 more, so the last six are refused, and the victim's count is still there.
    const flood = [];
    for (let index = 0; index < 25; index++) {
      flood.push(await clients.post('127.0.0.4', LOGIN).send({ email: `flood.${index}@example.com` }));
    }
    expect(flood.map((response) => response.status)).toEqual([...Array(19).fill(400), ...Array(6).fill(429)]);
    const refused = flood[24];
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);

    expect((await guess()).status).toBe(429);
    // A key the store already holds is still counted as usual.
    expect((await clients.post('127.0.0.4', LOGIN).send({ email: 'flood.0@example.com' })).status).toBe(400);
  });
});

describe('Login limits a stranger cannot turn against the owner', () => {
  it('lets the owner log in from another address after ten wrong passwords from one address', async () => {
    const app = await startTestApp();
    const clients = await ClientAddresses.listen(app);
    try {
      const { id, registration } = await registerAndActivate(app);
      const guess = () => clients.post(ATTACKER, LOGIN).send({ email: registration.email, password: 'a wrong guess' });
      for (let attempt = 0; attempt < 10; attempt++) {
        expect((await guess()).status).toBe(401);
      }
      expect((await guess()).status).toBe(429);

      const owner = await clients.post(OWNER, LOGIN).send({ email: registration.email, password: registration.password });
      expect(owner.status).toBe(200);
      expect(owner.body.user_id).toBe(id);
    } finally {
      clients.close();
      await app.close();
    }
  });

  it('still stops guessing spread over many addresses at the account-wide ceiling', async () => {
    const app = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '2', LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: '5' });
    const clients = await ClientAddresses.listen(app);
    try {
      const guess = (address: string) => clients.post(address, LOGIN).send({ email: 'target@example.com', password: 'a wrong guess' });
      const statuses = [];
      for (const address of ['127.0.0.2', '127.0.0.2', '127.0.0.2', '127.0.0.3', '127.0.0.3', '127.0.0.4', '127.0.0.5']) {
        statuses.push((await guess(address)).status);
      }
      // Two per address, the third from .2 refused (and not counted against the account); five in
      // all, so the sixth address is refused too.
      expect(statuses).toEqual([401, 401, 429, 401, 401, 401, 429]);
      expect((await guess('127.0.0.6')).headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      clients.close();
      await app.close();
    }
  });
});
