import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpTestServer } from '../support/smtp-test-server';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, newRegistration, register } from '../support/users-client';
import { ADMIN, ADMIN_SETTINGS } from '../support/users-admin-client';

/** Polls, because the relay marks a record sent a moment after the mail server took the message. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`not so after ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface OutboxRecordResource {
  id: string;
  type: string;
  aggregate_id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  _links: Record<string, { href: string }>;
}

describe('Dead outbox records, for administrators', () => {
  let smtp: SmtpTestServer;
  let app: TestApp;
  let adminSession: { token: string; until: number } | undefined;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start({ security: 'NONE' });
    app = await startTestApp({
      ...smtp.appSettings(),
      OUTBOX_MAX_ATTEMPTS: '2',
      ...ADMIN_SETTINGS,
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  /** An admin-scoped access token, logged in again when the test's clock has moved past the last one. */
  async function adminToken(): Promise<string> {
    if (!adminSession || app.clock.now().getTime() >= adminSession.until) {
      const tokens = await logIn(app, ADMIN, { scope: 'user admin' });
      adminSession = { token: tokens.access_token, until: new Date(tokens.access_token_expires_at).getTime() };
    }
    return adminSession.token;
  }

  const asAdmin = async (path: string) =>
    app
      .http()
      .get(path)
      .set('Authorization', `Bearer ${await adminToken()}`);
  const retryAsAdmin = async (id: string) =>
    app
      .http()
      .post(`/api/v1/admin/outbox/${id}/retry`)
      .set('Authorization', `Bearer ${await adminToken()}`);

  /** Lets the relay retry (its back-off runs on the test's clock) until the user's users.user-registered.v1 record is dead. */
  async function deadRegistrationOf(userId: string): Promise<OutboxRecordResource> {
    for (let round = 0; round < 100; round += 1) {
      const page = await asAdmin('/api/v1/admin/outbox?state=dead&size=100');
      const found = (page.body._embedded.outbox_records as OutboxRecordResource[]).find(
        (record) => record.aggregate_id === userId && record.type === 'users.user-registered.v1',
      );
      if (found) {
        return found;
      }
      app.clock.advance(60_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`users.user-registered.v1 of ${userId} never became dead`);
  }

  it('stores the published contract, not the domain event: source, versioned type, plain-JSON payload, correlation and cause', async () => {
    const registration = newRegistration();
    const requestId = `contract-${crypto.randomUUID()}`;
    const answer = await app.http().post('/api/v1/users').set('X-Request-Id', requestId).send(registration).expect(201);
    const userId = answer.headers.location.split('/').pop();

    const page = await asAdmin(`/api/v1/admin/outbox?size=100&sort=occurred_at,desc`);
    const record = page.body._embedded.outbox_records.find((candidate: OutboxRecordResource) => candidate.aggregate_id === userId);

    expect(record).toMatchObject({
      source: 'users',
      type: 'users.user-registered.v1',
      sequence: 1,
      correlation_id: requestId,
      causation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      payload: {
        user_id: userId,
        username: registration.username,
        email: registration.email,
        public_name: null,
        referred_by: null,
        activation_required: true,
        registered_at: app.clock.now().toISOString(),
      },
    });
  });

  it('lists a record that failed OUTBOX_MAX_ATTEMPTS times as dead, and delivers it once retried', async () => {
    smtp.refusingRecipients = true;
    const registration = newRegistration();
    const userId = await register(app, registration);

    const dead = await deadRegistrationOf(userId);
    expect(dead).toMatchObject({ state: 'dead', attempts: 2, last_error: expect.stringContaining('users.activation-email') });
    expect(dead._links).toEqual({
      self: { href: `/api/v1/admin/outbox/${dead.id}` },
      retry: { href: `/api/v1/admin/outbox/${dead.id}/retry` },
    });
    // Dead is dead: however long the relay keeps polling, nothing more is tried.
    app.clock.advance(60 * 60_000);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await asAdmin(`/api/v1/admin/outbox/${dead.id}`)).body).toMatchObject({ state: 'dead', attempts: 2 });

    smtp.refusingRecipients = false;
    const retried = await retryAsAdmin(dead.id);
    expect(retried.status).toBe(202);
    expect(retried.headers.location).toBe(`/api/v1/admin/outbox/${dead.id}`);
    expect(retried.text).toBe('');

    await until(async () => (await asAdmin(retried.headers.location)).body.state === 'sent');
    expect(smtp.messages.filter((message) => message.to === registration.email)).toHaveLength(1);
    const after = await asAdmin(retried.headers.location);
    expect(after.body).toMatchObject({ id: dead.id, state: 'sent', attempts: 0 });
    expect(after.body._links).toEqual({ self: { href: `/api/v1/admin/outbox/${dead.id}` } });

    const again = await retryAsAdmin(dead.id);
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
  });

  itRacing('retries a record once when two administrators ask at the same moment', async () => {
    smtp.refusingRecipients = true;
    const dead = await deadRegistrationOf(await register(app, newRegistration()));
    smtp.refusingRecipients = false;

    const token = await adminToken();
    const retry = () => app.http().post(`/api/v1/admin/outbox/${dead.id}/retry`).set('Authorization', `Bearer ${token}`);
    const statuses = (await Promise.all([retry(), retry()])).map((response) => response.status);

    expect(statuses.sort()).toEqual([202, 409]);
  });

  it('pages the list as HAL, keeping the filter in every link', async () => {
    smtp.refusingRecipients = true;
    await deadRegistrationOf(await register(app, newRegistration()));
    await deadRegistrationOf(await register(app, newRegistration()));
    smtp.refusingRecipients = false;

    const first = await asAdmin('/api/v1/admin/outbox?state=dead&size=1&sort=occurred_at,desc');

    expect(first.status).toBe(200);
    expect(first.body._embedded.outbox_records).toHaveLength(1);
    expect(first.body.page).toMatchObject({ number: 0, size: 1 });
    const total = first.body.page.total_elements as number;
    expect(total).toBeGreaterThanOrEqual(2);
    expect(first.body.page.total_pages).toBe(total);
    expect(first.body._links).toEqual({
      self: { href: '/api/v1/admin/outbox?state=dead&sort=occurred_at%2Cdesc&page=0&size=1' },
      first: { href: '/api/v1/admin/outbox?state=dead&sort=occurred_at%2Cdesc&page=0&size=1' },
      next: { href: '/api/v1/admin/outbox?state=dead&sort=occurred_at%2Cdesc&page=1&size=1' },
      last: { href: `/api/v1/admin/outbox?state=dead&sort=occurred_at%2Cdesc&page=${total - 1}&size=1` },
    });
    const second = await asAdmin(first.body._links.next.href);
    expect(second.body._links.prev).toEqual(first.body._links.self);
    expect(second.body._embedded.outbox_records[0].id).not.toBe(first.body._embedded.outbox_records[0].id);
  });

  it('refuses bad paging, unknown states and unknown parameters with 400, and unknown records with 404', async () => {
    for (const query of ['state=lost', 'size=0', 'size=101', 'page=-1', 'sort=payload', 'sort=occurred_at,up', 'limit=5']) {
      const response = await asAdmin(`/api/v1/admin/outbox?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 400 });
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    expect((await asAdmin('/api/v1/admin/outbox/not-a-uuid')).status).toBe(400);
    expect((await asAdmin(`/api/v1/admin/outbox/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await retryAsAdmin(crypto.randomUUID())).status).toBe(404);
  });

  it('is for administrators only: 401 without a token, 403 without the admin scope', async () => {
    const userScopeOnly = (await logIn(app, ADMIN)).access_token;

    expect((await app.http().get('/api/v1/admin/outbox')).status).toBe(401);
    expect((await app.http().get('/api/v1/admin/outbox').set('Authorization', `Bearer ${userScopeOnly}`)).status).toBe(403);
    const retry = await app
      .http()
      .post(`/api/v1/admin/outbox/${crypto.randomUUID()}/retry`)
      .set('Authorization', `Bearer ${userScopeOnly}`);
    expect(retry.status).toBe(403);
  });
});
