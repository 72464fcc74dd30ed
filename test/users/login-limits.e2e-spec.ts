import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientAddresses } from '../support/client-addresses';
import { startTestApp, TestApp } from '../support/test-app';

const LOGIN = '/api/v1/auth/login';

/** Each address on the loopback network is a client of its own (see ClientAddresses). */
const ATTACKER = '127.0.0.2';

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

    // 25 other accounts from one address: the store of accounts holds the victim's and 19 more, so
    // the last six are refused, and the victim's count is still there.
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
