import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ClientAddresses } from '../support/client-addresses';
import { readMails } from '../support/mail-directory';
import { forgotPassword, isResetMail, resetLinks, resetPassword, resetToken } from '../support/passwords-client';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, newRegistration, register, registerAndActivate, type Registration } from '../support/users-client';

const NEW_PASSWORD = 'a new horse battery staple';
const THIRTY_MINUTES = 30 * 60_000;
const HOUR_SECONDS = 3600;

describe('Passwords', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Far more reset requests than one address may make in an hour, all from this machine; the
    // limit has a suite of its own below.
    app = await startTestApp({ PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR: '100000' });
  });
  afterAll(() => app.close());

  const forgot = (email: string) => forgotPassword(app, email);

  const refresh = (refreshToken: string) => app.http().post('/api/v1/auth/refresh').set('Authorization', `Bearer ${refreshToken}`);
  const login = (email: string, password: string) => app.http().post('/api/v1/auth/login').send({ email, password });
  const changePassword = (bearer: string, body: object) => app.http().put('/api/v1/me/password').set('Authorization', bearer).send(body);

  describe('change (PUT /api/v1/me/password)', () => {
    it('answers 202 with Location /api/v1/me; other sessions end, the caller’s goes on', async () => {
      const { registration } = await registerAndActivate(app);
      const mine = await logIn(app, registration);
      const other = await logIn(app, registration);

      const response = await changePassword(`Bearer ${mine.access_token}`, {
        old_password: registration.password,
        new_password: NEW_PASSWORD,
      });

      expect(response.status).toBe(202);
      expect(response.headers.location).toBe('/api/v1/me');
      expect(response.text).toBe('');
      expect((await refresh(other.refresh_token)).status).toBe(401);
      expect((await refresh(mine.refresh_token)).status).toBe(200);
      expect((await login(registration.email, NEW_PASSWORD)).status).toBe(200);
      expect((await login(registration.email, registration.password)).status).toBe(401);
    });

    it('answers 401 problem+json to a wrong old password, and changes nothing', async () => {
      const { registration } = await registerAndActivate(app);
      const mine = await logIn(app, registration);
      const other = await logIn(app, registration);

      const response = await changePassword(`Bearer ${mine.access_token}`, { old_password: 'not my password', new_password: NEW_PASSWORD });

      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).toMatchObject({ status: 401, detail: 'The old password is wrong' });
      expect((await refresh(other.refresh_token)).status).toBe(200);
      expect((await login(registration.email, registration.password)).status).toBe(200);
    });

    it.each([
      ['too short', 'short'],
      ['too long', 'x'.repeat(97)],
    ])('answers 400 to a new password %s, naming new_password, and changes nothing', async (_, newPassword) => {
      const { registration } = await registerAndActivate(app);
      const mine = await logIn(app, registration);

      const response = await changePassword(`Bearer ${mine.access_token}`, {
        old_password: registration.password,
        new_password: newPassword,
      });

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'new_password' })]);
      expect((await login(registration.email, registration.password)).status).toBe(200);
    });

    it('answers 401 to a refresh token used as a bearer token, and changes nothing', async () => {
      const { registration } = await registerAndActivate(app);
      const mine = await logIn(app, registration);

      const response = await changePassword(`Bearer ${mine.refresh_token}`, {
        old_password: registration.password,
        new_password: NEW_PASSWORD,
      });

      expect(response.status).toBe(401);
      expect((await login(registration.email, registration.password)).status).toBe(200);
    });

    it('makes a reset link sent before it useless', async () => {
      const { registration } = await registerAndActivate(app);
      await forgot(registration.email);
      const token = await resetToken(app, registration.email);
      const mine = await logIn(app, registration);
      await changePassword(`Bearer ${mine.access_token}`, { old_password: registration.password, new_password: NEW_PASSWORD }).expect(202);

      const response = await resetPassword(app, token, 'the attacker’s password');

      expect(response.status).toBe(400);
      expect((await login(registration.email, NEW_PASSWORD)).status).toBe(200);
    });
  });

  describe('forgot and reset (POST /api/v1/auth/password/forgot, /reset)', () => {
    /** The headers of an answer that may differ between any two answers. */
    const comparable = (headers: Record<string, string>) => {
      const { 'x-request-id': _requestId, date: _date, ...rest } = headers;
      return rest;
    };

    it('answers an unknown address exactly as a known one (202, same headers, no body), and mails only the known one', async () => {
      const { registration } = await registerAndActivate(app);
      const stranger = newRegistration().email;

      const unknown = await forgot(stranger);
      const known = await forgot(registration.email);

      expect(unknown.text).toBe('');
      expect(known.text).toBe('');
      expect(comparable(unknown.headers)).toEqual(comparable(known.headers));
      expect(known.headers.location).toBeUndefined();
      const [link] = await resetLinks(app, registration.email);
      expect(`${link.origin}${link.pathname}`).toBe('http://keepem.test/reset-password');
      // The stranger's request was dispatched first; by the time the known one's mail is written, its work is done.
      expect((await readMails(app.mailDirectory)).filter(isResetMail(stranger))).toEqual([]);
    });

    it('mails no link to an account that is not activated yet', async () => {
      const pending = newRegistration();
      await register(app, pending);
      const { registration: active } = await registerAndActivate(app);

      await forgot(pending.email);
      await forgot(active.email);

      await resetLinks(app, active.email);
      expect((await readMails(app.mailDirectory)).filter(isResetMail(pending.email))).toEqual([]);
    });

    it('answers 400 to something that is not an e-mail address', async () => {
      const response = await app.http().post('/api/v1/auth/password/forgot').send({ email: 'not an address' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
    });

    async function resetFor(registration: Registration): Promise<string> {
      const before = (await readMails(app.mailDirectory)).filter(isResetMail(registration.email)).length;
      await forgot(registration.email);
      return resetToken(app, registration.email, before + 1);
    }

    it('resets with the mailed token: 202, every session ends, the new password logs in, and the link works once', async () => {
      const { registration } = await registerAndActivate(app);
      const [phone, laptop] = [await logIn(app, registration), await logIn(app, registration)];
      const token = await resetFor(registration);

      const response = await resetPassword(app, token, NEW_PASSWORD);

      expect(response.status).toBe(202);
      expect(response.text).toBe('');
      expect((await refresh(phone.refresh_token)).status).toBe(401);
      expect((await refresh(laptop.refresh_token)).status).toBe(401);
      expect((await login(registration.email, NEW_PASSWORD)).status).toBe(200);
      expect((await login(registration.email, registration.password)).status).toBe(401);

      const again = await resetPassword(app, token, 'yet another password');
      expect(again.status).toBe(400);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.body.detail).toBe('This password reset link is invalid, expired or already used');
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
      expect((await login(registration.email, NEW_PASSWORD)).status).toBe(200);
    });

    it('refuses a link older than 30 minutes with the answer of a used one, and a forged one alike', async () => {
      const { registration } = await registerAndActivate(app);
      const token = await resetFor(registration);
      app.clock.advance(THIRTY_MINUTES);

      const expired = await resetPassword(app, token, NEW_PASSWORD);
      const forged = await resetPassword(app, `${token.slice(0, -4)}AAAA`, NEW_PASSWORD);

      for (const response of [expired, forged]) {
        expect(response.status).toBe(400);
        expect(response.body.detail).toBe('This password reset link is invalid, expired or already used');
      }
      expect((await login(registration.email, registration.password)).status).toBe(200);
    });

    it('two links for one account: using one makes the other useless', async () => {
      const { registration } = await registerAndActivate(app);
      const older = await resetFor(registration);
      const newer = await resetFor(registration);

      expect((await resetPassword(app, newer, NEW_PASSWORD)).status).toBe(202);

      expect((await resetPassword(app, older, 'the older link’s password')).status).toBe(400);
    });

    it('answers 400 to an unacceptable new password, naming new_password, and leaves the link usable', async () => {
      const { registration } = await registerAndActivate(app);
      const token = await resetFor(registration);

      const refused = await resetPassword(app, token, 'short');

      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'new_password' })]);
      expect((await resetPassword(app, token, NEW_PASSWORD)).status).toBe(202);
    });

    itRacing('two resets with one link at once: exactly one 202, the other 400', async () => {
      const { registration } = await registerAndActivate(app);
      const token = await resetFor(registration);

      const responses = await Promise.all([
        resetPassword(app, token, 'first new password'),
        resetPassword(app, token, 'second new password'),
      ]);

      expect(responses.map((response) => response.status).sort()).toEqual([202, 400]);
      const winner = ['first new password', 'second new password'][responses.findIndex((response) => response.status === 202)];
      expect((await login(registration.email, winner)).status).toBe(200);
    });
  });
});

describe('Password reset limit per client address', () => {
  let app: TestApp;
  let clients: ClientAddresses;

  beforeAll(async () => {
    app = await startTestApp({ PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR: '2' });
    clients = await ClientAddresses.listen(app);
  });
  afterAll(async () => {
    clients.close();
    await app.close();
  });

  it('answers 429 with Retry-After past PASSWORD_RESET_LIMIT_PER_IP_PER_HOUR, known and unknown addresses alike, and mails nothing more', async () => {
    const { registration } = await registerAndActivate(app);
    const forgot = (address: string, email: string) => clients.post(address, '/api/v1/auth/password/forgot').send({ email });

    expect((await forgot('127.0.0.5', newRegistration().email)).status).toBe(202);
    expect((await forgot('127.0.0.5', registration.email)).status).toBe(202);
    await resetLinks(app, registration.email);
    const refused = await forgot('127.0.0.5', registration.email);

    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(HOUR_SECONDS - 60);
    expect(retryAfter).toBeLessThanOrEqual(HOUR_SECONDS);
    // Another client is not held up by this one.
    expect((await forgot('127.0.0.6', registration.email)).status).toBe(202);
    await resetLinks(app, registration.email, 2);
    expect((await readMails(app.mailDirectory)).filter(isResetMail(registration.email))).toHaveLength(2);
  });
});

describe('Password change limit per account', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '2' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After past LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE changes on one account, right password or not', async () => {
    const { registration } = await registerAndActivate(app);
    const { access_token } = await logIn(app, registration);
    const change = (oldPassword: string) =>
      app
        .http()
        .put('/api/v1/me/password')
        .set('Authorization', `Bearer ${access_token}`)
        .send({ old_password: oldPassword, new_password: NEW_PASSWORD });

    expect((await change('a first guess')).status).toBe(401);
    expect((await change('a second guess')).status).toBe(401);
    const refused = await change(registration.password);

    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Refused before the password was checked: it is unchanged.
    expect((await app.http().post('/api/v1/auth/login').send({ email: registration.email, password: registration.password })).status).toBe(
      200,
    );
    // Another account is not held up by this one.
    const { registration: other } = await registerAndActivate(app);
    const theirs = await logIn(app, other);
    const response = await app
      .http()
      .put('/api/v1/me/password')
      .set('Authorization', `Bearer ${theirs.access_token}`)
      .send({ old_password: other.password, new_password: NEW_PASSWORD });
    expect(response.status).toBe(202);
  });
});
