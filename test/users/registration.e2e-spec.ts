import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readMails, waitForMail } from '../support/mail-directory';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { activationLink, logIn, newRegistration, register, registerAndActivate } from '../support/users-client';

const NINETY_ONE_MINUTES = 91 * 60_000;

describe('Registration and activation', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ BOARD_EMAIL: 'board@keepem.test' });
  });
  afterAll(() => app.close());

  it('registers with 201, a Location and no body, then e-mails an activation link and tells the board', async () => {
    const registration = newRegistration({ public_name: 'Ada' });
    const response = await app.http().post('/api/v1/users').send(registration);

    expect(response.status).toBe(201);
    expect(response.headers.location).toMatch(/^\/api\/v1\/users\/[0-9a-f-]{36}$/);
    expect(response.text).toBe('');
    const link = await activationLink(app, registration.email);
    expect(link.origin).toBe('http://keepem.test');
    const notice = await waitForMail(
      app.mailDirectory,
      (mail) => mail.to === 'board@keepem.test' && mail.text.includes(registration.username),
    );
    expect(notice.subject).toContain(registration.username);
  });

  it('activates through the e-mailed link once, and then sends "your account is ready"', async () => {
    const registration = newRegistration();
    await register(app, registration);
    const link = await activationLink(app, registration.email);

    const first = await app.http().get(`${link.pathname}${link.search}`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    expect(first.text).toContain('Your account is active');
    await waitForMail(app.mailDirectory, (mail) => mail.to === registration.email && mail.subject.includes('ready'));

    const again = await app.http().get(`${link.pathname}${link.search}`);
    expect(again.status).toBe(400);
    expect(again.headers['content-type']).toContain('application/problem+json');
    // The problem names the path it answers, never the query that carried the token.
    expect(again.body.instance).toBe('/api/v1/users/activate');
    expect(again.text).not.toContain(link.searchParams.get('token'));
  });

  it('shows a browser a page saying why a used link did not work, without the token', async () => {
    const registration = newRegistration();
    await register(app, registration);
    const link = await activationLink(app, registration.email);
    const token = link.searchParams.get('token') as string;
    const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    expect((await app.http().get(`${link.pathname}${link.search}`).set('Accept', browserAccept)).status).toBe(200);

    const again = await app.http().get(`${link.pathname}${link.search}`).set('Accept', browserAccept);
    expect(again.status).toBe(400);
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.text).toContain('This activation link is invalid, expired or already used');
    expect(again.text).not.toContain(token);

    // A client that asks for JSON, or for anything, keeps getting the problem document.
    for (const accept of ['application/json', '*/*', 'application/problem+json, text/html;q=0.5']) {
      const scripted = await app.http().get(`${link.pathname}${link.search}`).set('Accept', accept);
      expect({ accept, type: scripted.headers['content-type'] }).toEqual({
        accept,
        type: expect.stringContaining('application/problem+json'),
      });
    }
  });

  it('refuses a forged or expired activation token with 400', async () => {
    const registration = newRegistration();
    await register(app, registration);
    const link = await activationLink(app, registration.email);

    expect((await app.http().get('/api/v1/users/activate?token=not-a-token')).status).toBe(400);
    expect((await app.http().get('/api/v1/users/activate')).status).toBe(400);
    app.clock.advance(NINETY_ONE_MINUTES);
    const expired = await app.http().get(`${link.pathname}${link.search}`);
    expect(expired.status).toBe(400);
    expect(expired.body.errors).toEqual([expect.objectContaining({ field: 'token' })]);
  });

  it('does not let a pending account log in (403) until it is activated', async () => {
    const registration = newRegistration();
    await register(app, registration);
    const login = await app.http().post('/api/v1/auth/login').send({ email: registration.email, password: registration.password });
    expect(login.status).toBe(403);
    expect(login.body.detail).toMatch(/not activated/);
  });

  it('answers 400 with one entry per invalid field, and stores nothing', async () => {
    const response = await app
      .http()
      .post('/api/v1/users')
      .send({ username: 'A', email: 'not-an-email', password: 'short', referral_code: 'TOOLONG' });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = new Set((response.body.errors as Array<{ field: string }>).map((error) => error.field));
    expect(fields).toEqual(new Set(['username', 'email', 'password', 'referral_code']));
    expect(response.body.request_id).toEqual(expect.any(String));
  });

  it('names the field of the request when the domain refuses a value that passed validation', async () => {
    // Five characters, as the request DTO wants, but O is left out of referral codes.
    const response = await app
      .http()
      .post('/api/v1/users')
      .send(newRegistration({ referral_code: 'OOOOO' }));

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'referral_code' })]);
  });

  it('refuses a public name that PATCH /me would refuse (blank, a line break) with 400 naming public_name', async () => {
    for (const public_name of ['   ', 'Ada\nClaim your prize at https://prize.example']) {
      const registration = newRegistration({ public_name });
      const response = await app.http().post('/api/v1/users').send(registration);

      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'public_name' })]);
      const login = { email: registration.email, password: registration.password };
      expect((await app.http().post('/api/v1/auth/login').send(login)).status).toBe(401);
    }
  });

  it('answers 409 for a taken username or e-mail, including Gmail spellings of the same address', async () => {
    const taken = newRegistration({ email: `first.last.${Date.now()}@gmail.com` });
    await register(app, taken);

    const sameName = await app
      .http()
      .post('/api/v1/users')
      .send(newRegistration({ username: taken.username.toUpperCase() }));
    expect(sameName.status).toBe(409);
    expect(sameName.body.errors).toEqual([expect.objectContaining({ field: 'username' })]);

    const [local] = taken.email.split('@');
    const gmailTwin = `${local.replaceAll('.', '')}+keepem@GMAIL.com`;
    const sameMailbox = await app
      .http()
      .post('/api/v1/users')
      .send(newRegistration({ email: gmailTwin }));
    expect(sameMailbox.status).toBe(409);
    expect(sameMailbox.body.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  itRacing('lets exactly one of two simultaneous sign-ups with the same username through', async () => {
    const first = newRegistration();
    const second = newRegistration({ username: first.username });
    const responses = await Promise.all([app.http().post('/api/v1/users').send(first), app.http().post('/api/v1/users').send(second)]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
  });

  itRacing(
    'answers two simultaneous sign-ups with one e-mail as the sequential path does: one 201, and a 409 naming the field',
    async () => {
      const first = newRegistration();
      const second = newRegistration({ email: first.email.toUpperCase() });
      const responses = await Promise.all([app.http().post('/api/v1/users').send(first), app.http().post('/api/v1/users').send(second)]);

      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      const refused = responses.find((response) => response.status === 409)!;
      expect(refused.body.errors).toEqual([{ field: 'email', message: 'email is already registered' }]);
    },
  );

  itRacing('answers a double click on the activation link with 200 and 400, never 409', async () => {
    const registration = newRegistration();
    await register(app, registration);
    const link = await activationLink(app, registration.email);

    const clicks = await Promise.all([1, 2].map(() => app.http().get(`${link.pathname}${link.search}`)));

    expect(clicks.map((click) => click.status).sort()).toEqual([200, 400]);
  });

  it('answers 422 for an unknown referral code, and records the referrer for a known one', async () => {
    const unknown = await app
      .http()
      .post('/api/v1/users')
      .send(newRegistration({ referral_code: 'ZZZZZ' }));
    expect(unknown.status).toBe(422);
    // The domain names the field referralCode; the answer names it as the request did.
    expect(unknown.body.errors).toEqual([{ field: 'referral_code', message: 'no user has this referral code' }]);

    const referrer = await registerAndActivate(app);
    const referrerProfile = await app
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${(await logIn(app, referrer.registration)).access_token}`);
    const referred = newRegistration({ referral_code: referrerProfile.body.referral_code.toLowerCase() });
    await registerAndActivate(app, referred);
    const profile = await app
      .http()
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${(await logIn(app, referred)).access_token}`);
    expect(profile.body.referred_by).toBe(referrer.id);
  });

  it('sends every e-mail once even though the outbox relay keeps polling', async () => {
    const registration = newRegistration();
    await registerAndActivate(app, registration);
    await waitForMail(app.mailDirectory, (mail) => mail.to === registration.email && mail.subject.includes('ready'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mine = (await readMails(app.mailDirectory)).filter((mail) => mail.to === registration.email);
    expect(mine.map((mail) => mail.subject).sort()).toEqual(['Activate your Keepem account', 'Your Keepem account is ready']);
  });
});
