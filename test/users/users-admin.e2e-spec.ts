import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitForMail } from '../support/mail-directory';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN, ADMIN_SETTINGS, AdminClient, UNLIMITED_LOGINS } from '../support/users-admin-client';
import { logIn, newRegistration, register, registerAndActivate, Registration } from '../support/users-client';
import { bearer } from '../support/keeps-client';

const PROFILE_FIELDS = ['_links', 'created_at', 'email', 'id', 'public_name', 'referral_code', 'referred_by', 'roles', 'state', 'username'];

describe('Administering users', () => {
  let app: TestApp;
  let admin: AdminClient;

  beforeAll(async () => {
    app = await startTestApp({
      ...ADMIN_SETTINGS,
      ...UNLIMITED_LOGINS,
    });
    admin = new AdminClient(app);
  });
  afterAll(() => app.close());

  describe('GET /api/v1/users', () => {
    /** Users of one test, found by the prefix their usernames and e-mail addresses share: a minute apart, the third pending. */
    async function family(prefix: string) {
      const registrations: Registration[] = [];
      const ids: string[] = [];
      for (const n of [1, 2, 3, 4]) {
        const registration = newRegistration({ username: `${prefix}_${n}`, email: `${prefix}.${n}@example.com` });
        ids.push(n === 3 ? await register(app, registration) : (await registerAndActivate(app, registration)).id);
        registrations.push(registration);
        app.clock.advance(60_000);
      }
      return { ids, registrations };
    }
    const usernames = (answer: { body: { _embedded: { users: Array<{ username: string }> } } }) =>
      answer.body._embedded.users.map((user) => user.username);

    it('pages through users as HAL, newest first, keeping the filter in every link', async () => {
      const { ids, registrations } = await family('pg');

      const first = await admin.get('/api/v1/users?q=pg_&size=3');

      expect(first.status).toBe(200);
      expect(usernames(first)).toEqual(['pg_4', 'pg_3', 'pg_2']);
      expect(first.body.page).toEqual({ number: 0, size: 3, total_elements: 4, total_pages: 2 });
      expect(first.body._links).toEqual({
        self: { href: '/api/v1/users?q=pg_&page=0&size=3' },
        first: { href: '/api/v1/users?q=pg_&page=0&size=3' },
        next: { href: '/api/v1/users?q=pg_&page=1&size=3' },
        last: { href: '/api/v1/users?q=pg_&page=1&size=3' },
      });
      const [newest] = first.body._embedded.users;
      expect(Object.keys(newest).sort()).toEqual(PROFILE_FIELDS.sort());
      expect(newest).toMatchObject({
        id: ids[3],
        username: 'pg_4',
        email: registrations[3].email,
        state: 'active',
        roles: ['user'],
        _links: { self: { href: `/api/v1/users/${ids[3]}` } },
      });
      expect(newest).not.toHaveProperty('password_hash');

      const second = await admin.get(first.body._links.next.href);
      expect(usernames(second)).toEqual(['pg_1']);
      expect(second.body._links.prev).toEqual(first.body._links.self);
      expect(second.body._links).not.toHaveProperty('next');
    });

    it('sorts by username or by sign-up, either way', async () => {
      await family('so');

      expect(usernames(await admin.get('/api/v1/users?q=so_&sort=username'))).toEqual(['so_1', 'so_2', 'so_3', 'so_4']);
      expect(usernames(await admin.get('/api/v1/users?q=so_&sort=username,desc'))).toEqual(['so_4', 'so_3', 'so_2', 'so_1']);
      expect(usernames(await admin.get('/api/v1/users?q=so_&sort=created_at,asc'))).toEqual(['so_1', 'so_2', 'so_3', 'so_4']);
      const sorted = await admin.get('/api/v1/users?q=so_&sort=created_at,asc&size=2');
      expect(sorted.body._links.next.href).toBe('/api/v1/users?q=so_&sort=created_at%2Casc&page=1&size=2');
    });

    it('filters by state, and finds users by the start of a username or an e-mail address in any case', async () => {
      const { ids } = await family('fi');
      expect((await admin.remove(ids[1])).status).toBe(204);

      expect(usernames(await admin.get('/api/v1/users?q=fi_&state=pending'))).toEqual(['fi_3']);
      expect(usernames(await admin.get('/api/v1/users?q=fi_&state=active'))).toEqual(['fi_4', 'fi_1']);
      const removed = await admin.get('/api/v1/users?q=fi_&state=removed');
      expect(removed.body._embedded.users).toEqual([
        expect.objectContaining({ id: ids[1], username: 'fi_2', email: `${ids[1]}@removed.invalid`, public_name: null, state: 'removed' }),
      ]);
      expect(usernames(await admin.get('/api/v1/users?q=FI.4%40Example'))).toEqual(['fi_4']);
      expect(usernames(await admin.get('/api/v1/users?q=Fi_1'))).toEqual(['fi_1']);
      // A removed user's old address finds nobody: it was rewritten.
      expect(usernames(await admin.get('/api/v1/users?q=fi.2%40'))).toEqual([]);
      const none = await admin.get('/api/v1/users?q=no-such-prefix');
      expect(none.body).toMatchObject({ _embedded: { users: [] }, page: { total_elements: 0, total_pages: 0 } });
    });

    it('refuses bad paging, unknown states, sorts and parameters with 400', async () => {
      for (const query of ['state=gone', 'size=0', 'size=101', 'page=-1', 'sort=email', 'sort=username,up', 'q=', 'limit=5']) {
        const answer = await admin.get(`/api/v1/users?${query}`);
        expect({ query, status: answer.status }).toEqual({ query, status: 400 });
        expect(answer.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  describe('PUT /api/v1/users/{id}/activate', () => {
    it('activates a pending user (202, Location): they can log in and get the "account ready" e-mail, greeted by username', async () => {
      const registration = newRegistration({ public_name: 'Visit evil.example' });
      const id = await register(app, registration);
      const credentials = { email: registration.email, password: registration.password };
      expect((await app.http().post('/api/v1/auth/login').send(credentials)).status).toBe(403);

      const activated = await admin.activate(id);

      expect(activated.status).toBe(202);
      expect(activated.headers.location).toBe(`/api/v1/users/${id}`);
      expect(activated.text).toBe('');
      expect((await admin.get(activated.headers.location)).body.state).toBe('active');
      expect((await logIn(app, registration)).user_id).toBe(id);
      const ready = await waitForMail(app.mailDirectory, (mail) => mail.to === registration.email && mail.subject.includes('ready'));
      // Nobody proved the address is theirs, so the mail greets by the username, not by the name whoever signed up chose.
      expect(ready.text).toContain(`Hello ${registration.username},`);
      expect(ready.text).not.toContain('evil.example');
      const activations = (await admin.outboxOf(id)).filter((record) => record.type === 'users.user-activated.v1');
      expect(activations.map((record) => record.payload)).toEqual([expect.objectContaining({ user_id: id, address_confirmed: false })]);
    });

    it('refuses a user who is not pending with 422, and an unknown or removed one with 404', async () => {
      const { id } = await registerAndActivate(app);
      const pending = await register(app, newRegistration());
      expect((await admin.remove(pending)).status).toBe(204);

      const active = await admin.activate(id);
      expect(active.status).toBe(422);
      expect(active.headers['content-type']).toContain('application/problem+json');
      expect(active.body.detail).toContain('not waiting for activation');
      expect((await admin.activate(pending)).status).toBe(404);
      expect((await admin.activate(crypto.randomUUID())).status).toBe(404);
      expect((await admin.activate('not-a-uuid')).status).toBe(400);
      expect((await admin.get(`/api/v1/users/${pending}`)).body.state).toBe('removed');
    });
  });

  describe('who may', () => {
    it('refuses every admin route to a user, and to an administrator without the admin scope, with 403, changing nothing', async () => {
      const { registration: userRegistration } = await registerAndActivate(app);
      const victim = await registerAndActivate(app);
      const pending = await register(app, newRegistration());
      const tokens = {
        user: (await logIn(app, userRegistration)).access_token,
        'admin without the admin scope': (await logIn(app, ADMIN)).access_token,
      };

      for (const [who, token] of Object.entries(tokens)) {
        const answers = {
          list: await app.http().get('/api/v1/users').set('Authorization', bearer(token)),
          remove: await app.http().delete(`/api/v1/users/${victim.id}`).set('Authorization', bearer(token)).send({ reason: 'spam' }),
          activate: await app.http().put(`/api/v1/users/${pending}/activate`).set('Authorization', bearer(token)),
          'remove unknown': await app
            .http()
            .delete(`/api/v1/users/${crypto.randomUUID()}`)
            .set('Authorization', bearer(token))
            .send({ reason: 'x' }),
        };
        for (const [route, answer] of Object.entries(answers)) {
          expect({ who, route, status: answer.status }).toEqual({ who, route, status: 403 });
          expect(answer.headers['content-type']).toContain('application/problem+json');
        }
      }
      expect((await admin.get(`/api/v1/users/${victim.id}`)).body.state).toBe('active');
      expect((await admin.get(`/api/v1/users/${pending}`)).body.state).toBe('pending');
      expect((await logIn(app, victim.registration)).user_id).toBe(victim.id);
    });

    it('refuses a refresh token, or no token, on every admin route with 401', async () => {
      const { id, registration } = await registerAndActivate(app);
      const refreshToken = (await logIn(app, ADMIN, { scope: 'user admin' })).refresh_token;

      for (const authorization of [{ Authorization: `Bearer ${refreshToken}` }, {}]) {
        const answers = [
          await app.http().get('/api/v1/users').set(authorization),
          await app.http().delete(`/api/v1/users/${id}`).set(authorization).send({ reason: 'spam' }),
          await app.http().put(`/api/v1/users/${id}/activate`).set(authorization),
        ];
        expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401]);
      }
      expect((await logIn(app, registration)).user_id).toBe(id);
    });

    it('shows another user’s profile only to administrators: 404 to anyone else, removed or not', async () => {
      const owner = await registerAndActivate(app);
      const other = await registerAndActivate(app);
      const othersToken = (await logIn(app, other.registration)).access_token;

      expect((await app.http().get(`/api/v1/users/${owner.id}`).set('Authorization', bearer(othersToken))).status).toBe(404);
      expect((await admin.remove(owner.id)).status).toBe(204);
      expect((await app.http().get(`/api/v1/users/${owner.id}`).set('Authorization', bearer(othersToken))).status).toBe(404);
      expect((await admin.get(`/api/v1/users/${owner.id}`)).body).toMatchObject({ id: owner.id, state: 'removed' });
    });
  });
});
