import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readMails, waitForMail } from '../support/mail-directory';
import {
  acceptKeep,
  bearer,
  declineKeep,
  getKeep,
  keepRequested,
  listKeeps,
  type Member,
  member,
  pendingActions,
  requestKeep,
} from '../support/keeps-client';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { activationLink, logIn, newRegistration, register } from '../support/users-client';
import { ADMIN, ADMIN_SETTINGS, UNLIMITED_LOGINS } from '../support/users-admin-client';

// Most tests sign several people up, each with a password hash and an activation mail: on the
// MongoDB wire lane that alone takes seconds.
jest.setTimeout(30_000);

const KEEP_LOCATION = /^\/api\/v1\/me\/keeps\/([0-9a-f-]{36})$/;

/** Polls, because what a consumer does happens some time after the request that caused it returned. */
async function eventually<Value>(read: () => Promise<Value>, done: (value: Value) => boolean, timeoutMs = 5_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Keeps', () => {
  let app: TestApp;
  let adminToken: string;

  beforeAll(async () => {
    // Every test logs several people in from this one address, far past the login limits.
    app = await startTestApp({
      ...ADMIN_SETTINGS,
      ...UNLIMITED_LOGINS,
    });
    adminToken = (await logIn(app, ADMIN, { scope: 'user admin' })).access_token;
  });
  afterAll(() => app.close());

  const members = async (count: number): Promise<Member[]> => {
    const created: Member[] = [];
    for (let index = 0; index < count; index += 1) {
      created.push(await member(app));
    }
    return created;
  };
  const stateOf = async (who: Member, keepId: string) => (await getKeep(app, who, keepId)).body.state as string;
  const asAdmin = (path: string) => app.http().get(path).set('Authorization', `Bearer ${adminToken}`);

  describe('asking', () => {
    it('by id: 201 with the keep’s Location and no body; both sides read it pending', async () => {
      const [ada, bob] = await members(2);

      const response = await requestKeep(app, ada, { to_id: bob.id, name_by_requester: 'Bobby' });

      expect(response.status).toBe(201);
      expect(response.headers.location).toMatch(KEEP_LOCATION);
      expect(response.text).toBe('');
      const keepId = KEEP_LOCATION.exec(response.headers.location)![1];
      for (const party of [ada, bob]) {
        const read = await app.http().get(response.headers.location).set('Authorization', bearer(party));
        expect(read.status).toBe(200);
        expect(read.body).toMatchObject({ id: keepId, state: 'pending', declined_by: null, declined_reason: null });
      }
    });

    it('by referral code (any case) or e-mail address (any case)', async () => {
      const [ada, bob, cy] = await members(3);

      const byCode = await requestKeep(app, ada, { to_code: bob.referralCode.toLowerCase() });
      const byEmail = await requestKeep(app, ada, { to_email: cy.registration.email.toUpperCase() });

      expect([byCode.status, byEmail.status]).toEqual([201, 201]);
      const [codeKeep, emailKeep] = [byCode, byEmail].map((answer) => KEEP_LOCATION.exec(answer.headers.location)![1]);
      expect((await getKeep(app, bob, codeKeep)).body._embedded.requested.id).toBe(bob.id);
      expect((await getKeep(app, cy, emailKeep)).body._embedded.requested.id).toBe(cy.id);
    });

    it('e-mails the requested user: greeted by username, told who asked, with the keep’s link', async () => {
      const ada = await member(app, { public_name: 'Ada L' });
      const bob = await member(app);

      const keepId = await keepRequested(app, ada, bob);

      const mail = await waitForMail(
        app.mailDirectory,
        (candidate) => candidate.to === bob.registration.email && candidate.text.includes(keepId),
      );
      expect(mail.subject).toContain(ada.registration.username);
      expect(mail.text).toContain(`Hello ${bob.registration.username},`);
      expect(mail.text).toContain(`Ada L (${ada.registration.username})`);
      expect(mail.text).toContain(`http://keepem.test/api/v1/me/keeps/${keepId}`);
      expect(mail.text).not.toContain(ada.registration.email);
    });

    it('answers an unknown id, code or address, and a user not yet active, with 404', async () => {
      const [ada] = await members(1);
      const pending = newRegistration();
      const pendingId = await register(app, pending);

      for (const body of [
        { to_id: crypto.randomUUID() },
        { to_code: 'ZZZZZ' },
        { to_email: 'nobody-here@example.com' },
        { to_id: pendingId },
        { to_email: pending.email },
      ]) {
        const response = await requestKeep(app, ada, body);
        expect({ body, status: response.status, type: response.headers['content-type'] }).toEqual({
          body,
          status: 404,
          type: expect.stringContaining('application/problem+json'),
        });
      }
      expect((await listKeeps(app, ada)).body.page.total_elements).toBe(0);
    });

    it('answers a keep with oneself with 409, however named', async () => {
      const [ada] = await members(1);
      for (const body of [{ to_id: ada.id }, { to_code: ada.referralCode }, { to_email: ada.registration.email }]) {
        const response = await requestKeep(app, ada, body);
        expect({ body, status: response.status }).toEqual({ body, status: 409 });
        expect(response.body.detail).toBe('You cannot keep yourself');
      }
    });

    it('answers a second live keep between the same two users with 409, whoever asks; after a decline, 201 again', async () => {
      const [ada, bob] = await members(2);
      const first = await keepRequested(app, ada, bob);

      expect((await requestKeep(app, ada, { to_id: bob.id })).status).toBe(409);
      expect((await requestKeep(app, bob, { to_email: ada.registration.email })).status).toBe(409);
      expect((await acceptKeep(app, bob, first)).status).toBe(202);
      expect((await requestKeep(app, bob, { to_code: ada.referralCode })).status).toBe(409);

      expect((await declineKeep(app, ada, first)).status).toBe(202);
      const again = await requestKeep(app, bob, { to_id: ada.id });
      expect(again.status).toBe(201);
      expect(again.headers.location).not.toBe(`/api/v1/me/keeps/${first}`);
    });

    it('answers none, or more than one, of to_id, to_code and to_email with 400 naming them', async () => {
      const [ada, bob] = await members(2);
      const none = await requestKeep(app, ada, { name_by_requester: 'Bobby' });
      const two = await requestKeep(app, ada, { to_id: bob.id, to_code: bob.referralCode });

      expect(none.status).toBe(400);
      expect(none.headers['content-type']).toContain('application/problem+json');
      expect(none.body.errors.map((error: { field: string }) => error.field)).toEqual(['to_id', 'to_code', 'to_email']);
      expect(two.status).toBe(400);
      expect(two.body.errors.map((error: { field: string }) => error.field)).toEqual(['to_id', 'to_code']);
      expect((await listKeeps(app, bob)).body.page.total_elements).toBe(0);
    });

    it.each([
      [{ to_id: 'not-a-uuid' }, 'to_id'],
      [{ to_code: 'TOOLONG' }, 'to_code'],
      [{ to_email: 'not an address' }, 'to_email'],
      [{ to_code: 'ABCD0' }, 'to_code'],
      [{ to_id: '1f0e6c9a-0b1d-4c3e-8f2a-9d8c7b6a5f4e', name_by_requester: 'x'.repeat(65) }, 'name_by_requester'],
      [{ to_id: '1f0e6c9a-0b1d-4c3e-8f2a-9d8c7b6a5f4e', nickname: 'x' }, 'nickname'],
    ])('refuses %j with 400 naming %s', async (body, field) => {
      const [ada] = await members(1);
      const response = await requestKeep(app, ada, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });
  });

  describe('answering', () => {
    it('the requested user accepts: 202 with the keep’s Location, and the keep is active with their name', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob, { name_by_requester: 'Bobby' });

      const accepted = await acceptKeep(app, bob, keepId, { name_by_requested: 'Ada L' });

      expect(accepted.status).toBe(202);
      expect(accepted.headers.location).toBe(`/api/v1/me/keeps/${keepId}`);
      expect(accepted.text).toBe('');
      const asBob = (await getKeep(app, bob, keepId)).body;
      expect(asBob).toMatchObject({ state: 'active', name_by_requester: null, name_by_requested: 'Ada L' });
      expect(Object.keys(asBob._links).sort()).toEqual(['decline', 'self']);
      expect((await getKeep(app, ada, keepId)).body).toMatchObject({ name_by_requester: 'Bobby', name_by_requested: null });
    });

    it('accepts with an empty body too', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      const accepted = await app.http().put(`/api/v1/me/keeps/${keepId}/accept`).set('Authorization', bearer(bob));
      expect(accepted.status).toBe(202);
      expect(await stateOf(ada, keepId)).toBe('active');
    });

    it('answers an accept by the requester, or by a stranger, with 404 and changes nothing', async () => {
      const [ada, bob, stranger] = await members(3);
      const keepId = await keepRequested(app, ada, bob);

      for (const who of [ada, stranger]) {
        const response = await acceptKeep(app, who, keepId);
        expect(response.status).toBe(404);
        expect(response.body.detail).toBe('Keep was not found');
      }
      expect((await getKeep(app, bob, keepId)).body).toMatchObject({ state: 'pending', modified_at: expect.any(String) });
      expect((await getKeep(app, bob, keepId)).body._links.accept.href).toBe(`/api/v1/me/keeps/${keepId}/accept`);
    });

    it('answers an accept of a keep no longer pending with 409', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      expect((await acceptKeep(app, bob, keepId)).status).toBe(202);
      expect((await acceptKeep(app, bob, keepId)).status).toBe(409);
      expect((await declineKeep(app, bob, keepId)).status).toBe(202);
      expect((await acceptKeep(app, bob, keepId)).status).toBe(409);
    });

    it.each(['requester', 'requested'] as const)('lets the %s decline (202), with a reason both sides see', async (side) => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      const who = side === 'requester' ? ada : bob;

      const declined = await declineKeep(app, who, keepId, { reason: 'not now' });

      expect(declined.status).toBe(202);
      expect(declined.headers.location).toBe(`/api/v1/me/keeps/${keepId}`);
      for (const party of [ada, bob]) {
        const read = (await getKeep(app, party, keepId)).body;
        expect(read).toMatchObject({ state: 'removed', declined_by: who.id, declined_reason: 'not now' });
        expect(Object.keys(read._links)).toEqual(['self']);
      }
    });

    it('lets either side end an active keep; a declined keep cannot be declined again (409)', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      await acceptKeep(app, bob, keepId);

      expect((await declineKeep(app, ada, keepId)).status).toBe(202);
      expect((await declineKeep(app, bob, keepId, { reason: 'me too' })).status).toBe(409);
      expect((await getKeep(app, bob, keepId)).body).toMatchObject({ state: 'removed', declined_by: ada.id, declined_reason: null });
    });

    it('answers a stranger’s decline with 404 and changes nothing', async () => {
      const [ada, bob, stranger] = await members(3);
      const keepId = await keepRequested(app, ada, bob);
      expect((await declineKeep(app, stranger, keepId)).status).toBe(404);
      expect(await stateOf(ada, keepId)).toBe('pending');
    });

    it('answers an unknown keep with 404 and a malformed id with 400, on every keep route', async () => {
      const [ada] = await members(1);
      const unknown = crypto.randomUUID();
      expect((await getKeep(app, ada, unknown)).status).toBe(404);
      expect((await acceptKeep(app, ada, unknown)).status).toBe(404);
      expect((await declineKeep(app, ada, unknown)).status).toBe(404);
      for (const response of [await getKeep(app, ada, 'nope'), await acceptKeep(app, ada, 'nope'), await declineKeep(app, ada, 'nope')]) {
        expect(response.status).toBe(400);
      }
      expect((await declineKeep(app, ada, unknown, { reason: '' })).status).toBe(400);
    });
  });

  describe('reading', () => {
    it('embeds both users’ public profiles, and never an e-mail address', async () => {
      const ada = await member(app, { public_name: 'Ada L' });
      const bob = await member(app);
      const keepId = await keepRequested(app, ada, bob);

      const read = await getKeep(app, bob, keepId);

      expect(read.body._embedded).toEqual({
        requester: {
          id: ada.id,
          username: ada.registration.username,
          public_name: 'Ada L',
          referral_code: ada.referralCode,
          _links: { self: { href: `/api/v1/users/${ada.id}` } },
        },
        requested: {
          id: bob.id,
          username: bob.registration.username,
          public_name: null,
          referral_code: bob.referralCode,
          _links: { self: { href: `/api/v1/users/${bob.id}` } },
        },
      });
      for (const answer of [read.text, (await listKeeps(app, bob)).text, (await listKeeps(app, ada)).text]) {
        expect(answer).not.toContain('@example.com');
      }
    });

    it('answers a stranger with 404, for a keep that exists', async () => {
      const [ada, bob, stranger] = await members(3);
      const keepId = await keepRequested(app, ada, bob);
      const read = await getKeep(app, stranger, keepId);
      expect(read.status).toBe(404);
      expect(read.text).not.toContain(ada.id);
      expect((await listKeeps(app, stranger)).body.page.total_elements).toBe(0);
    });

    it('lists my keeps a page at a time, newest first, filtered by state and side, sorted as asked', async () => {
      const [ada, bob, cy, dee, eve] = await members(5);
      const asked: string[] = [];
      for (const other of [bob, cy, dee]) {
        app.clock.advance(1_000);
        asked.push(await keepRequested(app, ada, other));
      }
      app.clock.advance(1_000);
      const askedMe = await keepRequested(app, eve, ada);
      app.clock.advance(1_000);
      await acceptKeep(app, cy, asked[1]);
      app.clock.advance(1_000);
      await declineKeep(app, dee, asked[2]);
      const ids = (response: { body: { _embedded: { keeps: { id: string }[] } } }) => response.body._embedded.keeps.map((keep) => keep.id);

      const all = await listKeeps(app, ada);
      expect(all.status).toBe(200);
      expect(ids(all)).toEqual([askedMe, asked[2], asked[1], asked[0]]);
      expect(all.body.page).toEqual({ number: 0, size: 20, total_elements: 4, total_pages: 1 });
      expect(all.body._links.self.href).toBe('/api/v1/me/keeps?page=0&size=20');

      expect(ids(await listKeeps(app, ada, '?state=pending'))).toEqual([askedMe, asked[0]]);
      expect(ids(await listKeeps(app, ada, '?state=active'))).toEqual([asked[1]]);
      expect(ids(await listKeeps(app, ada, '?state=removed'))).toEqual([asked[2]]);
      expect(ids(await listKeeps(app, ada, '?state=pending&as=requested'))).toEqual([askedMe]);
      expect(ids(await listKeeps(app, ada, '?as=requester&sort=created_at,asc'))).toEqual(asked);
      expect(ids(await listKeeps(app, ada, '?sort=modified_at,desc'))).toEqual([asked[2], asked[1], askedMe, asked[0]]);

      const second = await listKeeps(app, ada, '?size=3&page=1&sort=created_at');
      expect(ids(second)).toEqual([askedMe]);
      expect(second.body.page).toEqual({ number: 1, size: 3, total_elements: 4, total_pages: 2 });
      expect(second.body._links.prev.href).toBe('/api/v1/me/keeps?sort=created_at&page=0&size=3');
      expect(second.body._links.next).toBeUndefined();
    });

    it.each(['?state=hidden', '?as=anyone', '?sort=state', '?size=101', '?page=-1', '?user_id=1f0e6c9a-0b1d-4c3e-8f2a-9d8c7b6a5f4e'])(
      'refuses a list query %s with 400',
      async (query) => {
        const [ada] = await members(1);
        expect((await listKeeps(app, ada, query)).status).toBe(400);
      },
    );
  });

  describe('pending actions', () => {
    it('counts the pending keeps I was asked for, not those I asked for nor answered ones; legacy is 0', async () => {
      const [ada, bob, cy, dee] = await members(4);
      await keepRequested(app, bob, ada);
      const answered = await keepRequested(app, cy, ada);
      await acceptKeep(app, ada, answered);
      await keepRequested(app, ada, dee);

      const mine = await pendingActions(app, ada);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({
        keeps: 1,
        legacy: 0,
        _links: { self: { href: '/api/v1/me/pending-actions' }, keeps: { href: '/api/v1/me/keeps?state=pending&as=requested' } },
      });
      expect((await pendingActions(app, dee)).body).toMatchObject({ keeps: 1, legacy: 0 });
      expect((await pendingActions(app, bob)).body).toMatchObject({ keeps: 0, legacy: 0 });
    });

    it('has a referred user, once active, ask the referrer for a keep, which waits in the referrer’s pending actions', async () => {
      const referrer = await member(app);
      const referred = newRegistration({ referral_code: referrer.referralCode });
      const referredId = await register(app, referred);
      const link = await activationLink(app, referred.email);
      expect((await app.http().get(`${link.pathname}${link.search}`)).status).toBe(200);

      const pending = await eventually(
        () => pendingActions(app, referrer),
        (response) => response.body.keeps === 1,
      );
      expect(pending.body.keeps).toBe(1);
      const waiting = await listKeeps(app, referrer, '?state=pending&as=requested');
      expect(waiting.body._embedded.keeps).toHaveLength(1);
      const [keep] = waiting.body._embedded.keeps;
      expect(keep._embedded.requester).toMatchObject({ id: referredId, username: referred.username });
      await waitForMail(app.mailDirectory, (mail) => mail.to === referrer.registration.email && mail.text.includes(keep.id));

      const referredToken = (await logIn(app, referred)).access_token;
      const again = await app.http().post('/api/v1/me/keeps').set('Authorization', bearer(referredToken)).send({ to_id: referrer.id });
      expect(again.status).toBe(409);
    });
  });

  describe('for administrators', () => {
    it('lists every keep, or one user’s, filtered by state, with both names', async () => {
      const [ada, bob, cy] = await members(3);
      const first = await keepRequested(app, ada, bob, { name_by_requester: 'Bobby' });
      await acceptKeep(app, bob, first, { name_by_requested: 'Ada L' });
      app.clock.advance(1_000);
      const second = await keepRequested(app, cy, ada);

      const ofAda = await asAdmin(`/api/v1/keeps?user_id=${ada.id}&sort=created_at,asc`);
      expect(ofAda.status).toBe(200);
      expect(ofAda.body._embedded.keeps.map((keep: { id: string }) => keep.id)).toEqual([first, second]);
      expect(ofAda.body._embedded.keeps[0]).toMatchObject({
        name_by_requester: 'Bobby',
        name_by_requested: 'Ada L',
        _links: { self: { href: `/api/v1/keeps/${first}` } },
      });
      const active = await asAdmin(`/api/v1/keeps?user_id=${ada.id}&state=active`);
      expect(active.body._embedded.keeps.map((keep: { id: string }) => keep.id)).toEqual([first]);
      expect((await asAdmin('/api/v1/keeps?size=100')).body.page.total_elements).toBeGreaterThanOrEqual(2);

      const one = await asAdmin(`/api/v1/keeps/${second}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: second, state: 'pending' });
      expect((await asAdmin(`/api/v1/keeps/${crypto.randomUUID()}`)).status).toBe(404);
      expect((await asAdmin('/api/v1/keeps?as=requester')).status).toBe(400);
    });

    it('sees the published keep events in the outbox', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      await acceptKeep(app, bob, keepId);
      await declineKeep(app, bob, keepId, { reason: 'moving on' });

      const records = await eventually(
        async () => {
          const page = await asAdmin('/api/v1/admin/outbox?size=100&sort=occurred_at,desc');
          return (page.body._embedded.outbox_records as { aggregate_id: string; type: string; sequence: number; payload: object }[])
            .filter((record) => record.aggregate_id === keepId)
            .sort((one, other) => one.sequence - other.sequence);
        },
        (found) => found.length === 3,
      );
      expect(records.map((record) => record.type)).toEqual(['users.keep-requested.v1', 'users.keep-accepted.v1', 'users.keep-declined.v1']);
      expect(records[2].payload).toMatchObject({
        keep_id: keepId,
        requester_id: ada.id,
        requested_id: bob.id,
        declined_by: bob.id,
        reason: 'moving on',
        was_active: true,
      });
    });

    it('answers a user without the admin scope with 403', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);
      expect((await app.http().get('/api/v1/keeps').set('Authorization', bearer(ada))).status).toBe(403);
      expect((await app.http().get(`/api/v1/keeps/${keepId}`).set('Authorization', bearer(ada))).status).toBe(403);
    });
  });

  it('answers a refresh token used as a bearer token, or none, with 401 on every keep route', async () => {
    const [ada, bob] = await members(2);
    const keepId = await keepRequested(app, ada, bob);
    const routes = [
      () => app.http().post('/api/v1/me/keeps').send({ to_id: bob.id }),
      () => app.http().get('/api/v1/me/keeps'),
      () => app.http().get(`/api/v1/me/keeps/${keepId}`),
      () => app.http().put(`/api/v1/me/keeps/${keepId}/accept`).send({}),
      () => app.http().put(`/api/v1/me/keeps/${keepId}/decline`).send({}),
      () => app.http().get('/api/v1/me/pending-actions'),
      () => app.http().get('/api/v1/keeps'),
      () => app.http().get(`/api/v1/keeps/${keepId}`),
    ];
    for (const route of routes) {
      const withRefresh = await route().set('Authorization', `Bearer ${bob.refreshToken}`);
      const anonymous = await route();
      expect([withRefresh.status, anonymous.status]).toEqual([401, 401]);
    }
    expect(await stateOf(bob, keepId)).toBe('pending');
  });

  describe('racing requests', () => {
    itRacing('an accept and a decline at once: the decline stands, and the keep ends removed either way', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);

      const [accepted, declined] = await Promise.all([acceptKeep(app, bob, keepId), declineKeep(app, ada, keepId)]);

      expect(declined.status).toBe(202);
      expect([202, 409]).toContain(accepted.status);
      expect((await getKeep(app, bob, keepId)).body).toMatchObject({ state: 'removed', declined_by: ada.id });
    });

    itRacing('two accepts at once: one 202, the other 409, and the keep is active', async () => {
      const [ada, bob] = await members(2);
      const keepId = await keepRequested(app, ada, bob);

      const answers = await Promise.all([acceptKeep(app, bob, keepId), acceptKeep(app, bob, keepId)]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
      expect(await stateOf(ada, keepId)).toBe('active');
    });

    itRacing('two requests for one pair at once, both ways: one keep', async () => {
      const [ada, bob] = await members(2);

      const answers = await Promise.all([requestKeep(app, ada, { to_id: bob.id }), requestKeep(app, bob, { to_id: ada.id })]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      expect((await listKeeps(app, ada)).body.page.total_elements).toBe(1);
      expect((await listKeeps(app, bob)).body.page.total_elements).toBe(1);
    });
  });

  it('mails nobody for a refused request', async () => {
    const [ada, bob] = await members(2);
    await requestKeep(app, ada, { to_id: ada.id });
    await requestKeep(app, ada, { to_id: bob.id, to_email: bob.registration.email });
    const accepted = await keepRequested(app, ada, bob);
    await requestKeep(app, bob, { to_id: ada.id });

    await waitForMail(app.mailDirectory, (mail) => mail.text.includes(accepted));
    const keepMails = (await readMails(app.mailDirectory)).filter(
      (mail) => [ada.registration.email, bob.registration.email].includes(mail.to) && mail.subject.includes('asked to keep you'),
    );
    expect(keepMails.map((mail) => mail.to)).toEqual([bob.registration.email]);
  });
});
