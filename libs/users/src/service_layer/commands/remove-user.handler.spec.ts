import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, NotFoundError, RuleViolationError, UnauthenticatedError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { keepsFixture, KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { plainPasswords } from '../../../../../test/support/users-handlers';
import { KEEP_DECLINED_V1, PUBLIC_PROFILE_CHANGED_V1, USER_REMOVED_V1 } from '../../contracts';
import type { User } from '../../domain/user.aggregate';
import type { Removal } from '../../domain/user-removal';
import { RegisterUser } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';
import { RemoveUser } from './remove-user.command';
import { FreshLoginRequiredError, OwnAccountThroughAdminRouteError, RemoveUserHandler } from './remove-user.handler';

describe('RemoveUser', () => {
  let fixture: KeepsFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await keepsFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const remove = (userId: string, removal: Removal, freshLogin = true) =>
    new RemoveUserHandler(fixture.unitOfWork).execute(new RemoveUser({ userId, removal, freshLogin, metadata: fixture.metadata() }));
  const byAdmin = (admin: User, reason = 'spam account'): Removal => ({ by: 'admin', adminId: admin.id, reason });
  const typesOf = async (userId: string) => (await fixture.outboxOf(userId)).map((record) => record.type);

  it('removes the caller’s own account: e-mail rewritten, name cleared, every session ended, both events published', async () => {
    const user = await fixture.activeUser();
    const phone = await fixture.logIn(user.email.value);
    const laptop = await fixture.logIn(user.email.value);
    fixture.clock.advance(60_000);
    const before = (await fixture.outboxOf(user.id)).length;

    await remove(user.id, { by: 'self' });

    const stored = await fixture.storedUser(user.id);
    expect(stored).toMatchObject({ state: 'removed', publicName: null, modifiedAt: fixture.clock.now() });
    expect(stored?.email.value).toBe(`${user.id}@removed.invalid`);
    expect((await fixture.sessionOf(phone.refreshToken))?.state).toBe('removed');
    expect((await fixture.sessionOf(laptop.refreshToken))?.state).toBe('removed');
    await expect(fixture.refresh(phone.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(fixture.logIn(user.email.value)).rejects.toBeInstanceOf(UnauthenticatedError);
    const published = (await fixture.outboxOf(user.id)).slice(before);
    expect(published.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: USER_REMOVED_V1.type,
        payload: { user_id: user.id, removed_by: 'self', admin_id: null, reason: null, removed_at: fixture.clock.now().toISOString() },
      },
      {
        type: PUBLIC_PROFILE_CHANGED_V1.type,
        payload: {
          user_id: user.id,
          username: user.username.value,
          public_name: null,
          state: 'removed',
          changed_at: fixture.clock.now().toISOString(),
        },
      },
    ]);
  });

  it('declines every live keep of the removed user, on either side, with the reason "user removed"', async () => {
    const [user, friend, asker, stranger, former] = await Promise.all([1, 2, 3, 4, 5].map(() => fixture.activeUser()));
    const active = await fixture.requestKeep(user, { toId: friend.id });
    await fixture.acceptKeep(friend, active);
    const pending = await fixture.requestKeep(asker, { toId: user.id });
    const declined = await fixture.requestKeep(user, { toId: former.id });
    await fixture.declineKeep(former, declined, 'no thanks');
    const others = await fixture.requestKeep(friend, { toId: stranger.id });

    await remove(user.id, { by: 'self' });

    for (const keepId of [active, pending]) {
      expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedBy: user.id, declinedReason: 'user removed' });
      const [declinedRecord] = (await fixture.outboxOf(keepId)).filter((record) => record.type === KEEP_DECLINED_V1.type);
      expect(declinedRecord.payload).toMatchObject({ declined_by: user.id, reason: 'user removed' });
    }
    expect(await fixture.storedKeep(declined)).toMatchObject({ declinedBy: former.id, declinedReason: 'no thanks' });
    expect(await fixture.storedKeep(others)).toMatchObject({ state: 'pending' });
    expect(await fixture.liveKeepsOf(user)).toEqual([]);
  });

  it('leaves other users’ sessions alone', async () => {
    const user = await fixture.activeUser();
    const other = await fixture.activeUser();
    const othersSession = await fixture.logIn(other.email.value);

    await remove(user.id, { by: 'self' });

    expect((await fixture.sessionOf(othersSession.refreshToken))?.state).toBe('active');
    await expect(fixture.refresh(othersSession.refreshToken)).resolves.toMatchObject({ userId: other.id });
  });

  it('frees the e-mail address for a new sign-up', async () => {
    const user = await fixture.activeUser();
    await remove(user.id, { by: 'self' });

    const newcomerId = crypto.randomUUID();
    await new RegisterUserHandler(fixture.unitOfWork, plainPasswords).execute(
      new RegisterUser({
        userId: newcomerId,
        username: 'newcomer',
        email: user.email.value,
        password: 'correct horse battery',
        publicName: null,
        referralCode: null,
        metadata: fixture.metadata(),
      }),
    );

    expect((await fixture.storedUser(newcomerId))?.email.value).toBe(user.email.value);
  });

  it('refuses the owner with a refreshed access token (no fresh login) and changes nothing', async () => {
    const user = await fixture.activeUser();
    const session = await fixture.logIn(user.email.value);

    await expect(remove(user.id, { by: 'self' }, false)).rejects.toBeInstanceOf(FreshLoginRequiredError);

    expect((await fixture.storedUser(user.id))?.state).toBe('active');
    expect((await fixture.sessionOf(session.refreshToken))?.state).toBe('active');
    expect(await typesOf(user.id)).not.toContain(USER_REMOVED_V1.type);
  });

  it('lets an administrator remove someone, with the reason and the administrator published', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const user = await fixture.activeUser();
    const session = await fixture.logIn(user.email.value);

    await remove(user.id, byAdmin(admin, '  abusive content  '), false);

    expect((await fixture.storedUser(user.id))?.state).toBe('removed');
    expect((await fixture.sessionOf(session.refreshToken))?.state).toBe('removed');
    const removed = (await fixture.outboxOf(user.id)).find((record) => record.type === USER_REMOVED_V1.type);
    expect(removed?.payload).toMatchObject({ removed_by: 'admin', admin_id: admin.id, reason: 'abusive content' });
  });

  it('lets an administrator remove a pending sign-up', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const pending = await fixture.pendingUser();

    await remove(pending.id, byAdmin(admin));

    expect((await fixture.storedUser(pending.id))?.state).toBe('removed');
  });

  it('refuses an administrator’s own account through the admin route', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);

    await expect(remove(admin.id, byAdmin(admin))).rejects.toBeInstanceOf(OwnAccountThroughAdminRouteError);

    expect((await fixture.storedUser(admin.id))?.state).toBe('active');
  });

  it('refuses a blank reason and changes nothing', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const user = await fixture.activeUser();

    const refused = remove(user.id, byAdmin(admin, '   '));

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'reason' }] });
    expect((await fixture.storedUser(user.id))?.state).toBe('active');
  });

  it('answers 404 for an unknown or an already removed user, and records nothing more', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const user = await fixture.activeUser();
    await remove(user.id, { by: 'self' });
    const recorded = await typesOf(user.id);

    await expect(remove(crypto.randomUUID(), byAdmin(admin))).rejects.toBeInstanceOf(NotFoundError);
    await expect(remove(user.id, byAdmin(admin))).rejects.toBeInstanceOf(NotFoundError);
    await expect(remove(user.id, { by: 'self' })).rejects.toBeInstanceOf(NotFoundError);

    expect(await typesOf(user.id)).toEqual(recorded);
  });

  it('refuses to change an inactive (final) account', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const user = await fixture.activeUser();
    await fixture.alter(user, { state: 'inactive' });

    await expect(remove(user.id, byAdmin(admin))).rejects.toBeInstanceOf(RuleViolationError);
    expect((await fixture.storedUser(user.id))?.state).toBe('inactive');
  });

  it.each([
    ['the owner and an administrator', (user: User, admin: User): Removal[] => [{ by: 'self' }, byAdmin(admin)]],
    ['two administrators', (user: User, admin: User): Removal[] => [byAdmin(admin, 'first'), byAdmin(admin, 'second')]],
  ])('%s at once: one removal, the other finds the user gone, one UserRemoved', async (_, removals) => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const user = await fixture.activeUser();
    await fixture.logIn(user.email.value);
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled(removals(user, admin).map((removal) => remove(user.id, removal)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [loser] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(loser.reason).toBeInstanceOf(NotFoundError);
    expect((await fixture.storedUser(user.id))?.state).toBe('removed');
    expect((await typesOf(user.id)).filter((type) => type === USER_REMOVED_V1.type)).toHaveLength(1);
  });
});
