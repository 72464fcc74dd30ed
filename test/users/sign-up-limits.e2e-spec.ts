import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientAddresses } from '../support/client-addresses';
import { readMails } from '../support/mail-directory';
import { startTestApp, TestApp } from '../support/test-app';
import { newRegistration } from '../support/users-client';

const SIGN_UP = '/api/v1/users';
const HOUR_SECONDS = 3600;

describe('Sign-up limit per client address', () => {
  let app: TestApp;
  let clients: ClientAddresses;

  beforeAll(async () => {
    app = await startTestApp({ SIGNUP_LIMIT_PER_IP_PER_HOUR: '3' });
    clients = await ClientAddresses.listen(app);
  });
  afterAll(async () => {
    clients.close();
    await app.close();
  });

  it('answers 429 with Retry-After past SIGNUP_LIMIT_PER_IP_PER_HOUR, creates nothing and mails no one', async () => {
    const statuses = [];
    for (let signUp = 0; signUp < 3; signUp++) {
      statuses.push((await clients.post('127.0.0.2', SIGN_UP).send(newRegistration())).status);
    }
    expect(statuses).toEqual([201, 201, 201]);

    const refusedRegistration = newRegistration();
    const refused = await clients.post('127.0.0.2', SIGN_UP).send(refusedRegistration);
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, title: 'Too Many Requests', instance: SIGN_UP });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(HOUR_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(HOUR_SECONDS);

    // Another client is not held up by this one.
    expect((await clients.post('127.0.0.3', SIGN_UP).send(newRegistration())).status).toBe(201);
    const mails = await readMails(app.mailDirectory);
    expect(mails.filter((mail) => mail.to === refusedRegistration.email)).toEqual([]);
    // Nor was the refused account created: its e-mail address is still free.
    expect((await clients.post('127.0.0.3', SIGN_UP).send(refusedRegistration)).status).toBe(201);
  });

  it('counts sign-ups that fail too, so probing for registered e-mail addresses is slowed the same', async () => {
    const taken = newRegistration();
    expect((await clients.post('127.0.0.4', SIGN_UP).send(taken)).status).toBe(201);
    const again = await clients.post('127.0.0.4', SIGN_UP).send(newRegistration({ email: taken.email }));
    expect(again.status).toBe(409);
    expect((await clients.post('127.0.0.4', SIGN_UP).send({ email: 'not an address' })).status).toBe(400);
    expect((await clients.post('127.0.0.4', SIGN_UP).send(newRegistration({ email: taken.email }))).status).toBe(429);
  });
});
