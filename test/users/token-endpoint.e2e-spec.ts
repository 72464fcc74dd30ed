import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, newRegistration, register, registerAndActivate } from '../support/users-client';

type Form = Record<string, string>;

/** POST /auth/login form-encoded, as OAuth2 clients and Swagger UI's Authorize button send it. */
const tokenRequest = (app: TestApp, form: Form) => app.http().post('/api/v1/auth/login').type('form').send(form);

const passwordGrant = (email: string, password: string, extra: Form = {}): Form => ({
  grant_type: 'password',
  username: email,
  password,
  ...extra,
});
const refreshGrant = (refreshToken: string): Form => ({ grant_type: 'refresh_token', refresh_token: refreshToken });

/** The problem document is kept, and the OAuth2 members (RFC 6749 §5.2) are added beside it. */
function expectOAuthError(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
  error: string,
) {
  expect({ status: response.status, error: response.body.error }).toEqual({ status, error });
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
  expect(response.body.error_description).toEqual(expect.stringContaining(response.body.detail as string));
  expect(response.body.error_description).toMatch(/^[\x20\x21\x23-\x5b\x5d-\x7e]+$/);
}

describe('The OAuth2 token endpoint (POST /auth/login)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers token_type Bearer and expires_in, the access token’s lifetime in seconds, beside the other fields', async () => {
    const { id, registration } = await registerAndActivate(app);
    const issuedAt = app.clock.now().getTime();

    const json = await app.http().post('/api/v1/auth/login').send({ email: registration.email, password: registration.password });
    const form = await tokenRequest(app, passwordGrant(registration.email, registration.password));
    const refreshed = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${form.body.refresh_token}`);

    for (const response of [json, form, refreshed]) {
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        user_id: id,
        token_type: 'Bearer',
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        access_token_expires_at: expect.any(String),
        refresh_token_expires_at: expect.any(String),
      });
      const untilExpiry = (new Date(response.body.access_token_expires_at).getTime() - issuedAt) / 1000;
      expect(Math.abs(response.body.expires_in - untilExpiry)).toBeLessThanOrEqual(1);
      expect(response.body.expires_in).toBeGreaterThanOrEqual(899);
      expect(response.body.expires_in).toBeLessThanOrEqual(900);
    }
  });

  it('reads the form whatever the case of its media type, as media types are compared', async () => {
    const { registration } = await registerAndActivate(app);
    const answer = await app
      .http()
      .post('/api/v1/auth/login')
      .set('Content-Type', 'Application/X-WWW-Form-Urlencoded')
      .send(new URLSearchParams(passwordGrant(registration.email, registration.password)).toString());
    expect(answer.status).toBe(200);
  });

  it('trades a refresh token for new ones with grant_type=refresh_token, rotating it as /auth/refresh does', async () => {
    const { registration } = await registerAndActivate(app);
    const login = await tokenRequest(app, passwordGrant(registration.email, registration.password));

    const refreshed = await tokenRequest(app, refreshGrant(login.body.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    expect((await app.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.access_token}`)).status).toBe(200);

    // The rotated token works on /auth/refresh too: both routes run the same command on one session.
    const again = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${refreshed.body.refresh_token}`);
    expect(again.status).toBe(200);
  });

  it('treats a replayed refresh token as theft on either route: 401 invalid_grant, and the session ends', async () => {
    const { registration } = await registerAndActivate(app);
    const first = (await logIn(app, registration)).refresh_token;
    const second = (await tokenRequest(app, refreshGrant(first))).body.refresh_token as string;

    const replay = await tokenRequest(app, refreshGrant(first));
    expectOAuthError(replay, 401, 'invalid_grant');
    // The thief's replay ended the session, so the rightful holder's current token stops working too.
    expectOAuthError(await tokenRequest(app, refreshGrant(second)), 401, 'invalid_grant');
    expect((await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${second}`)).status).toBe(401);
  });

  it('refuses an access token, a logged-out session and garbage as refresh tokens with 401 invalid_grant', async () => {
    const { registration } = await registerAndActivate(app);
    const tokens = await logIn(app, registration);
    expectOAuthError(await tokenRequest(app, refreshGrant(tokens.access_token)), 401, 'invalid_grant');
    expectOAuthError(await tokenRequest(app, refreshGrant('a.b.c')), 401, 'invalid_grant');

    expect((await app.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${tokens.refresh_token}`)).status).toBe(204);
    expectOAuthError(await tokenRequest(app, refreshGrant(tokens.refresh_token)), 401, 'invalid_grant');
  });

  it('keeps the session’s scope on a refresh grant, whatever scope the request names', async () => {
    const { registration } = await registerAndActivate(app);
    const tokens = await logIn(app, registration);
    const refreshed = await tokenRequest(app, { ...refreshGrant(tokens.refresh_token), scope: 'user admin' });
    expect(refreshed.status).toBe(200);
    const admin = await app.http().get('/api/v1/admin/outbox').set('Authorization', `Bearer ${refreshed.body.access_token}`);
    expect(admin.status).toBe(403);
  });

  it('answers an unknown grant type with 400 unsupported_grant_type', async () => {
    for (const grantType of ['client_credentials', 'authorization_code', '']) {
      const response = await tokenRequest(app, { grant_type: grantType, username: 'ada@example.com', password: 'whatever123' });
      expectOAuthError(response, 400, 'unsupported_grant_type');
    }
  });

  it('tells every failed login its OAuth2 error beside the problem document', async () => {
    const { registration } = await registerAndActivate(app);
    const pending = newRegistration();
    await register(app, pending);

    expectOAuthError(await tokenRequest(app, passwordGrant(registration.email, 'not the password')), 401, 'invalid_grant');
    expectOAuthError(await tokenRequest(app, passwordGrant('nobody@example.com', 'whatever123')), 401, 'invalid_grant');

    const notActivated = await tokenRequest(app, passwordGrant(pending.email, pending.password));
    expectOAuthError(notActivated, 403, 'invalid_grant');
    expect(notActivated.body.error_description).toMatch(/not activated/);

    const admin = await tokenRequest(app, passwordGrant(registration.email, registration.password, { scope: 'user admin' }));
    expectOAuthError(admin, 400, 'invalid_scope');
    expect(admin.body.errors).toEqual([expect.objectContaining({ field: 'scope' })]);
    expect(admin.body.error_description).toContain('scope may only name roles this account has: user');

    expectOAuthError(await tokenRequest(app, { grant_type: 'password', username: registration.email }), 400, 'invalid_request');
    expectOAuthError(await tokenRequest(app, { grant_type: 'refresh_token' }), 400, 'invalid_request');
    // The JSON login answers the same way.
    const json = await app.http().post('/api/v1/auth/login').send({ email: registration.email, password: 'not the password' });
    expectOAuthError(json, 401, 'invalid_grant');
  });

  it('tells errors Fastify raises before the route runs the same way', async () => {
    const xml = await app.http().post('/api/v1/auth/login').set('Content-Type', 'application/xml').send('<login/>');
    expectOAuthError(xml, 415, 'invalid_request');
    const malformed = await app.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":');
    expectOAuthError(malformed, 400, 'invalid_request');
  });
});

describe('Login rate limits and the refresh grant', () => {
  it('counts a refresh grant against its address, never against an account', async () => {
    const app = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '3', LOGIN_LIMIT_PER_IP_PER_MINUTE: '9' });
    try {
      const { registration } = await registerAndActivate(app);
      let refreshToken = (await logIn(app, registration)).refresh_token;

      // Four refreshes in a row: more than one account's limit, so they share no per-account bucket.
      for (let refresh = 0; refresh < 4; refresh += 1) {
        const response = await tokenRequest(app, refreshGrant(refreshToken));
        expect({ refresh, status: response.status }).toEqual({ refresh, status: 200 });
        refreshToken = response.body.refresh_token;
      }
      // They spent nothing of the account's budget: with the login, two more logins make its three.
      const attempts = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        attempts.push((await tokenRequest(app, passwordGrant(registration.email, registration.password))).status);
      }
      expect(attempts).toEqual([200, 200, 429]);

      // The account is at its limit, and its sessions still refresh.
      const whileLimited = await tokenRequest(app, refreshGrant(refreshToken));
      expect(whileLimited.status).toBe(200);

      // That was the ninth request from this address: the address is at its limit, for a refresh as for a password.
      const limited = await tokenRequest(app, refreshGrant(whileLimited.body.refresh_token));
      expectOAuthError(limited, 429, 'temporarily_unavailable');
      expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    } finally {
      await app.close();
    }
  });

  it('still limits password attempts on an account when refresh grants name it', async () => {
    const app = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '3', LOGIN_LIMIT_PER_IP_PER_MINUTE: '100' });
    try {
      // A refresh grant carrying someone's e-mail checks no password, so it cannot be used to guess one.
      const spoofed = await tokenRequest(app, { ...refreshGrant('a.b.c'), username: 'target@example.com', password: 'guess 1' });
      expectOAuthError(spoofed, 401, 'invalid_grant');
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await tokenRequest(app, passwordGrant('target@example.com', `guess ${attempt}`))).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await app.close();
    }
  });
});
