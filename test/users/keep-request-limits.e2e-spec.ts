import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ClientAddresses } from '../support/client-addresses';
import { bearer, listKeeps, member, type Member } from '../support/keeps-client';
import { readMails } from '../support/mail-directory';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(30_000);

const KEEPS = '/api/v1/me/keeps';
const HOUR_SECONDS = 3600;

describe('Keep request limit per client address', () => {
  let app: TestApp;
  let clients: ClientAddresses;

  beforeAll(async () => {
    app = await startTestApp({ KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR: '2' });
    clients = await ClientAddresses.listen(app);
  });
  afterAll(async () => {
    clients.close();
    await app.close();
  });

  const ask = (address: string, who: Member, body: object) => clients.post(address, KEEPS).set('Authorization', bearer(who)).send(body);

  it('answers 429 with Retry-After past KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR, failed requests counted; asks and mails no one', async () => {
    const [ada, bob, cy] = [await member(app), await member(app), await member(app)];

    expect((await ask('127.0.0.2', ada, { to_email: 'nobody@example.com' })).status).toBe(404);
    expect((await ask('127.0.0.2', ada, { to_id: bob.id })).status).toBe(201);
    const refused = await ask('127.0.0.2', ada, { to_id: cy.id });

    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 429, instance: KEEPS });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(HOUR_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(HOUR_SECONDS);
    expect((await listKeeps(app, cy)).body.page.total_elements).toBe(0);
    expect(
      (await readMails(app.mailDirectory)).filter((mail) => mail.to === cy.registration.email && mail.subject.includes('keep')),
    ).toEqual([]);

    // Another client address is not held up by this one.
    expect((await ask('127.0.0.3', ada, { to_id: cy.id })).status).toBe(201);
  });
});
