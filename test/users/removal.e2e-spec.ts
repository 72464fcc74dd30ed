import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { acceptKeep, bearer, getKeep, keepRequested, member, pendingActions } from '../support/keeps-client';
import { itRacing } from '../support/racing';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient, UNLIMITED_LOGINS } from '../support/users-admin-client';
import { logIn, newRegistration, register, registerAndActivate } from '../support/users-client';

describe('Removing an account', () => {
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

  const removeMe = (accessToken: string) => app.http().delete('/api/v1/me').set('Authorization', bearer(accessToken));
  const refresh = (refreshToken: string) => app.http().post('/api/v1/auth/refresh').set('Authorization', bearer(refreshToken));
  const tryLogIn = (email: string, password: string) => app.http().post('/api/v1/auth/login').send({ email, password });
  const removals = async (userId: string) => (await admin.outboxOf(userId)).filter((record) => record.type === 'users.user-removed.v1');

  /** An active user with a public name, logged in on two devices. */
  async function userWithTwoSessions() {
    const { id, registration } = await registerAndActivate(app, newRegistration({ public_name: 'Ada Lovelace' }));
    const phone = await logIn(app, registration, { device_id: 'phone' });
    const laptop = await logIn(app, registration, { device_id: 'laptop' });
    return { id, registration, phone, laptop };
  }

  describe('DELETE /api/v1/me', () => {
    it('removes the account with a fresh access token (204): no more login, no more refresh, the address free again', async () => {
      const { id, registration, phone, laptop } = await userWithTwoSessions();

      const removed = await removeMe(phone.access_token);

      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      const login = await tryLogIn(registration.email, registration.password);
      expect(login.status).toBe(401);
      expect(login.headers['content-type']).toContain('application/problem+json');
      expect((await refresh(phone.refresh_token)).status).toBe(401);
      expect((await refresh(laptop.refresh_token)).status).toBe(401);
      // The access token lives out its 15 minutes, but finds the account gone.
      expect((await app.http().get('/api/v1/me').set('Authorization', bearer(laptop.access_token))).status).toBe(404);
      expect((await app.http().get(`/api/v1/users/${id}`).set('Authorization', bearer(laptop.access_token))).status).toBe(404);

      const seen = await admin.get(`/api/v1/users/${id}`);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        id,
        username: registration.username,
        email: `${id}@removed.invalid`,
        public_name: null,
        state: 'removed',
      });
      const published = await admin.outboxOf(id);
      expect(published.slice(-2).map(({ type, payload }) => ({ type, payload }))).toEqual([
        {
          type: 'users.user-removed.v1',
          payload: { user_id: id, removed_by: 'self', admin_id: null, reason: null, removed_at: app.clock.now().toISOString() },
        },
        {
          type: 'users.public-profile-changed.v1',
          payload: expect.objectContaining({ user_id: id, username: registration.username, public_name: null, state: 'removed' }),
        },
      ]);

      // The address is free for a new sign-up; the username stays taken.
      expect(
        (
          await app
            .http()
            .post('/api/v1/users')
            .send(newRegistration({ email: registration.email }))
        ).status,
      ).toBe(201);
      const sameName = await app
        .http()
        .post('/api/v1/users')
        .send(newRegistration({ username: registration.username }));
      expect(sameName.status).toBe(409);
    });

    it('refuses an access token from a refresh with 403, telling to log in again, and changes nothing', async () => {
      const { id, registration, phone } = await userWithTwoSessions();
      const refreshed = await refresh(phone.refresh_token);
      expect(refreshed.status).toBe(200);

      const refused = await removeMe(refreshed.body.access_token);

      expect(refused.status).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, detail: expect.stringMatching(/fresh login: log in again/) });
      const me = await app.http().get('/api/v1/me').set('Authorization', bearer(refreshed.body.access_token));
      expect(me.body).toMatchObject({ id, state: 'active', public_name: 'Ada Lovelace' });
      expect((await refresh(refreshed.body.refresh_token)).status).toBe(200);
      expect(await removals(id)).toEqual([]);

      // Logging in again gives the fresh token the removal needs.
      const again = await logIn(app, registration);
      expect((await removeMe(again.access_token)).status).toBe(204);
    });

    it('refuses a refresh token as the bearer, or none, with 401', async () => {
      const { id, phone } = await userWithTwoSessions();

      expect((await removeMe(phone.refresh_token)).status).toBe(401);
      expect((await app.http().delete('/api/v1/me')).status).toBe(401);
      expect((await app.http().get('/api/v1/me').set('Authorization', bearer(phone.access_token))).body.state).toBe('active');
      expect(await removals(id)).toEqual([]);
    });

    it('answers a second removal with the same token 404, and records one removal', async () => {
      const { id, phone } = await userWithTwoSessions();

      expect((await removeMe(phone.access_token)).status).toBe(204);
      expect((await removeMe(phone.access_token)).status).toBe(404);
      expect(await removals(id)).toHaveLength(1);
    });

    it('declines the removed user’s keeps: the other side sees them ended with the reason "user removed"', async () => {
      const [leaving, friend, asker] = [await member(app), await member(app), await member(app)];
      const active = await keepRequested(app, leaving, friend);
      expect((await acceptKeep(app, friend, active)).status).toBe(202);
      const pending = await keepRequested(app, asker, leaving);
      const fresh = await logIn(app, leaving.registration);

      expect((await removeMe(fresh.access_token)).status).toBe(204);

      for (const [other, keepId] of [
        [friend, active],
        [asker, pending],
      ] as const) {
        const seen = await getKeep(app, other, keepId);
        expect(seen.status).toBe(200);
        expect(seen.body).toMatchObject({ state: 'removed', declined_by: leaving.id, declined_reason: 'user removed' });
      }
      expect((await pendingActions(app, friend)).body).toMatchObject({ keeps: 0 });
    });
  });

  describe('DELETE /api/v1/users/{id} (admin)', () => {
    it('removes the account with a reason (204): the user is logged out everywhere and cannot log in', async () => {
      const { id, registration, phone, laptop } = await userWithTwoSessions();

      const removed = await admin.remove(id, { reason: '  Spam: sent keep requests to strangers ' });

      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expect((await tryLogIn(registration.email, registration.password)).status).toBe(401);
      expect((await refresh(phone.refresh_token)).status).toBe(401);
      expect((await refresh(laptop.refresh_token)).status).toBe(401);
      expect((await admin.get(`/api/v1/users/${id}`)).body).toMatchObject({ state: 'removed', email: `${id}@removed.invalid` });
      const adminId = (await admin.get('/api/v1/me')).body.id;
      expect((await removals(id)).map((record) => record.payload)).toEqual([
        {
          user_id: id,
          removed_by: 'admin',
          admin_id: adminId,
          reason: 'Spam: sent keep requests to strangers',
          removed_at: app.clock.now().toISOString(),
        },
      ]);
    });

    it('removes a pending sign-up too', async () => {
      const id = await register(app, newRegistration());

      expect((await admin.remove(id)).status).toBe(204);
      expect((await admin.get(`/api/v1/users/${id}`)).body.state).toBe('removed');
    });

    it.each([
      ['no body', undefined],
      ['no reason', {}],
      ['a blank reason', { reason: '   ' }],
      ['a reason too long', { reason: 'x'.repeat(501) }],
      ['a reason that is not text', { reason: 42 }],
      ['an unknown field', { reason: 'spam', ban: true }],
    ])('refuses %s with 400 and changes nothing', async (_, body) => {
      const { id, phone } = await userWithTwoSessions();
      const request = app
        .http()
        .delete(`/api/v1/users/${id}`)
        .set('Authorization', bearer(await admin.token()));

      const refused = await (body === undefined ? request : request.send(body));

      expect(refused.status).toBe(400);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.errors.length).toBeGreaterThan(0);
      expect((await refresh(phone.refresh_token)).status).toBe(200);
      expect(await removals(id)).toEqual([]);
    });

    it('answers 404 for an unknown id, 400 for one that is no UUID, and 404 for a user already removed', async () => {
      const { id } = await userWithTwoSessions();
      expect((await admin.remove(id)).status).toBe(204);

      expect((await admin.remove(crypto.randomUUID())).status).toBe(404);
      expect((await admin.remove('not-a-uuid')).status).toBe(400);
      const again = await admin.remove(id, { reason: 'once more' });
      expect(again.status).toBe(404);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(await removals(id)).toHaveLength(1);
    });

    it('refuses an administrator’s own account with 403, pointing at DELETE /api/v1/me', async () => {
      const adminId = (await admin.get('/api/v1/me')).body.id;

      const refused = await admin.remove(adminId);

      expect(refused.status).toBe(403);
      expect(refused.body.detail).toContain('DELETE /api/v1/me');
      expect((await admin.get('/api/v1/me')).body.state).toBe('active');
    });
  });

  describe('races', () => {
    itRacing('the owner and an administrator at once: one removal, the other answers 404, one user-removed.v1', async () => {
      const { id, phone } = await userWithTwoSessions();
      const adminToken = await admin.token();

      const answers = await Promise.all([
        removeMe(phone.access_token),
        app.http().delete(`/api/v1/users/${id}`).set('Authorization', bearer(adminToken)).send({ reason: 'spam' }),
      ]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404]);
      expect((await admin.get(`/api/v1/users/${id}`)).body.state).toBe('removed');
      expect(await removals(id)).toHaveLength(1);
    });

    itRacing('two administrators at once: one removal, the other answers 404, one user-removed.v1', async () => {
      const { id } = await userWithTwoSessions();
      const adminToken = await admin.token();
      const remove = (reason: string) => app.http().delete(`/api/v1/users/${id}`).set('Authorization', bearer(adminToken)).send({ reason });

      const answers = await Promise.all([remove('first'), remove('second')]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 404]);
      const [removal] = await removals(id);
      expect(await removals(id)).toHaveLength(1);
      expect(['first', 'second']).toContain(removal.payload.reason);
    });
  });
});
