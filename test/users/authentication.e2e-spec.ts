import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { logIn, newRegistration, registerAndActivate } from '../support/users-client';

const SIXTEEN_MINUTES = 16 * 60_000;
const DAY = 24 * 60 * 60_000;

function unsignedToken(claims: object): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

describe('Login, tokens and sessions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ADMIN_EMAIL: 'root@keepem.test', ADMIN_PASSWORD: 'admin password 1' });
  });
  afterAll(() => app.close());

  it('runs the whole session: login → me → refresh → replay refused (session ended) ', async () => {
    const { id, registration } = await registerAndActivate(app);

    const tokens = await logIn(app, registration, { device_id: 'phone' });
    expect(tokens.user_id).toBe(id);
    expect(new Date(tokens.access_token_expires_at).getTime() - app.clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000);

    const me = await app.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.access_token}`);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id,
      username: registration.username,
      email: registration.email,
      state: 'active',
      roles: ['user'],
      referred_by: null,
    });
    expect(me.body.referral_code).toMatch(/^[A-HJ-NP-RT-Z2-46-9]{5}$/);
    expect(me.body._links.self.href).toBe(`/api/v1/users/${id}`);
    expect(me.body).not.toHaveProperty('password_hash');
    // Exactly the documented fields (the route's response schema), nothing the stored document adds.
    expect(Object.keys(me.body).sort()).toEqual(
      ['_links', 'created_at', 'email', 'id', 'public_name', 'referral_code', 'referred_by', 'roles', 'state', 'username'].sort(),
    );

    const refreshed = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${tokens.refresh_token}`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await app.http().get('/api/v1/me').set('Authorization', `Bearer ${refreshed.body.access_token}`)).status).toBe(200);

    const replay = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${tokens.refresh_token}`);
    expect(replay.status).toBe(401);
    const afterTheft = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${refreshed.body.refresh_token}`);
    expect(afterTheft.status).toBe(401);
  });

  it('slides a session’s end at every refresh, but never past SESSION_MAX_DAYS (180) after the login', async () => {
    const { registration } = await registerAndActivate(app);
    const loggedInAt = app.clock.now().getTime();
    let refreshToken = (await logIn(app, registration)).refresh_token;

    for (let refresh = 0; refresh < 3; refresh += 1) {
      app.clock.advance(59 * DAY);
      const renewed = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${refreshToken}`);
      expect(renewed.status).toBe(200);
      refreshToken = renewed.body.refresh_token;
    }
    const lastEnd = new Date(loggedInAt + 180 * DAY);
    const claims = jwt.decode(refreshToken) as { exp: number };
    expect(claims.exp).toBe(Math.floor(lastEnd.getTime() / 1000));

    app.clock.advance(3 * DAY);
    expect((await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${refreshToken}`)).status).toBe(401);
  });

  it('logs out with the refresh token (204), after which it no longer works', async () => {
    const { registration } = await registerAndActivate(app);
    const tokens = await logIn(app, registration);

    const logout = await app.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${tokens.refresh_token}`);
    expect(logout.status).toBe(204);
    expect((await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${tokens.refresh_token}`)).status).toBe(401);
    expect((await app.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${tokens.refresh_token}`)).status).toBe(401);
  });

  it('accepts the OAuth2 password form Swagger sends', async () => {
    const { id, registration } = await registerAndActivate(app);
    const response = await app
      .http()
      .post('/api/v1/auth/login')
      .type('form')
      .send({ grant_type: 'password', username: registration.email, password: registration.password, client_id: 'swagger', scope: 'user' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ user_id: id, token_type: 'Bearer' });
  });

  it('answers wrong credentials with the same 401 whether or not the account exists', async () => {
    const { registration } = await registerAndActivate(app);
    const wrongPassword = await app.http().post('/api/v1/auth/login').send({ email: registration.email, password: 'not the password' });
    const unknownAccount = await app.http().post('/api/v1/auth/login').send({ email: 'nobody@example.com', password: 'whatever123' });

    expect(wrongPassword.status).toBe(401);
    expect(unknownAccount.status).toBe(401);
    expect(wrongPassword.body.detail).toBe(unknownAccount.body.detail);
  });

  it('refuses a scope outside the user’s roles with 400', async () => {
    const { registration } = await registerAndActivate(app);
    const response = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: registration.email, password: registration.password, scope: 'user admin' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'scope' })]);
  });

  it('refuses refresh tokens, expired, never-expiring, foreign-key and alg:none tokens on /me with 401', async () => {
    const { id, registration } = await registerAndActivate(app);
    const tokens = await logIn(app, registration);
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const claims = {
      sub: id,
      jti: crypto.randomUUID(),
      sid: crypto.randomUUID(),
      typ: 'access',
      scope: 'user',
      iat: now,
      nbf: now,
      exp: now + 600,
    };
    const foreign = jwt.sign(claims, 'another-key-'.padEnd(48, 'y'), { algorithm: 'HS384' });
    const wrongAlgorithm = jwt.sign(claims, TEST_JWT_SECRET, { algorithm: 'HS256' });
    const { exp: _, ...claimsWithoutExpiry } = claims;
    const neverExpiring = jwt.sign(claimsWithoutExpiry, TEST_JWT_SECRET, { algorithm: 'HS384' });

    const attempts = {
      'no token': undefined,
      'refresh token': tokens.refresh_token,
      'other key': foreign,
      'alg none': unsignedToken(claims),
      HS256: wrongAlgorithm,
      'our key, no expiry': neverExpiring,
      garbage: 'a.b.c',
    };
    for (const [name, token] of Object.entries(attempts)) {
      const request = app.http().get('/api/v1/me');
      const response = await (token ? request.set('Authorization', `Bearer ${token}`) : request);
      expect({ name, status: response.status }).toEqual({ name, status: 401 });
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }

    const refreshAsAccess = await app.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.refresh_token}`);
    expect(refreshAsAccess.body.detail).toBe('An access token is required');
    const accessAsRefresh = await app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${tokens.access_token}`);
    expect(accessAsRefresh.status).toBe(401);
    expect(accessAsRefresh.body.detail).toBe('A refresh token is required');

    app.clock.advance(SIXTEEN_MINUTES);
    expect((await app.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.access_token}`)).status).toBe(401);
  });

  it('seeds the administrator, who may use the admin scope and read any profile; others get 404', async () => {
    const admin = await logIn(app, { email: 'root@keepem.test', password: 'admin password 1', username: 'admin' }, { scope: 'user admin' });
    const { id: otherId, registration } = await registerAndActivate(app);

    const asAdmin = await app.http().get(`/api/v1/users/${otherId}`).set('Authorization', `Bearer ${admin.access_token}`);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.id).toBe(otherId);

    const stranger = await registerAndActivate(app, newRegistration());
    const strangerTokens = await logIn(app, stranger.registration);
    const asStranger = await app.http().get(`/api/v1/users/${otherId}`).set('Authorization', `Bearer ${strangerTokens.access_token}`);
    expect(asStranger.status).toBe(404);
    const own = await app.http().get(`/api/v1/users/${stranger.id}`).set('Authorization', `Bearer ${strangerTokens.access_token}`);
    expect(own.status).toBe(200);
    expect(registration.email).not.toBe(stranger.registration.email);
  });
});

describe('Login rate limits', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '3', LOGIN_LIMIT_PER_IP_PER_MINUTE: '5' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After after too many attempts on one account, then per address', async () => {
    const attempt = (email: string) => app.http().post('/api/v1/auth/login').send({ email, password: 'wrong password' });
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await attempt('target@example.com')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);

    const limited = await attempt('target@example.com');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['content-type']).toContain('application/problem+json');

    const otherAccount = await attempt('someone.else@example.com');
    expect(otherAccount.status).toBe(429);
  });

  it('counts every Gmail spelling of one mailbox against the same account', async () => {
    const limits = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '3', LOGIN_LIMIT_PER_IP_PER_MINUTE: '100' });
    const statuses = [];
    for (const email of ['jane.doe@gmail.com', 'janedoe+1@gmail.com', 'j.a.n.e.doe+2@googlemail.com', 'JaneDoe@gmail.com']) {
      statuses.push((await limits.http().post('/api/v1/auth/login').send({ email, password: 'wrong password' })).status);
    }
    await limits.close();
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
