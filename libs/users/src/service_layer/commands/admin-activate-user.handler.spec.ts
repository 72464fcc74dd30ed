import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, NotFoundError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { PUBLIC_PROFILE_CHANGED_V1, USER_ACTIVATED_V1 } from '../../contracts';
import { UserNotPendingError } from '../../domain/user.errors';
import { ActivateUser } from './activate-user.command';
import { ActivateUserHandler } from './activate-user.handler';
import { AdminActivateUser } from './admin-activate-user.command';
import { AdminActivateUserHandler } from './admin-activate-user.handler';
import { RemoveUser } from './remove-user.command';
import { RemoveUserHandler } from './remove-user.handler';

describe('AdminActivateUser', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const activate = (userId: string) =>
    new AdminActivateUserHandler(fixture.unitOfWork).execute(new AdminActivateUser({ userId, metadata: fixture.metadata() }));

  it('activates a pending user as the link would, and says the address was not confirmed', async () => {
    const pending = await fixture.pendingUser();

    await activate(pending.id);

    expect((await fixture.storedUser(pending.id))?.state).toBe('active');
    await expect(fixture.logIn(pending.email.value)).resolves.toMatchObject({ userId: pending.id });
    const published = (await fixture.outboxOf(pending.id)).slice(-2);
    expect(published.map(({ type, payload }) => ({ type, payload }))).toEqual([
      {
        type: USER_ACTIVATED_V1.type,
        payload: expect.objectContaining({ user_id: pending.id, email: pending.email.value, address_confirmed: false }),
      },
      { type: PUBLIC_PROFILE_CHANGED_V1.type, payload: expect.objectContaining({ state: 'active' }) },
    ]);
  });

  it('refuses a user who is not pending (422) and records nothing', async () => {
    const active = await fixture.activeUser();
    const recorded = (await fixture.outboxOf(active.id)).length;

    await expect(activate(active.id)).rejects.toBeInstanceOf(UserNotPendingError);

    expect(await fixture.outboxOf(active.id)).toHaveLength(recorded);
  });

  it('answers 404 for an unknown or a removed user', async () => {
    const pending = await fixture.pendingUser();
    const admin = await fixture.activeUser(['user', 'admin']);
    await new RemoveUserHandler(fixture.unitOfWork).execute(
      new RemoveUser({
        userId: pending.id,
        removal: { by: 'admin', adminId: admin.id, reason: 'spam' },
        freshLogin: true,
        metadata: fixture.metadata(),
      }),
    );

    await expect(activate(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
    await expect(activate(pending.id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await fixture.storedUser(pending.id))?.state).toBe('removed');
  });

  it('racing the owner’s click on the link: one activation, one UserActivated', async () => {
    const pending = await fixture.pendingUser();
    const { token } = await fixture.tokens.issueActivationToken(pending.id);
    pause.wait = barrier(2);

    const [byAdmin, byLink] = await Promise.allSettled([
      activate(pending.id),
      new ActivateUserHandler(fixture.unitOfWork, fixture.tokens).execute(
        new ActivateUser({ activationToken: token, metadata: fixture.metadata() }),
      ),
    ]);

    const refusals = [byAdmin, byLink].filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refusals).toHaveLength(1);
    expect(refusals[0].reason).toBeInstanceOf(byAdmin.status === 'rejected' ? UserNotPendingError : InvalidInputError);
    expect((await fixture.storedUser(pending.id))?.state).toBe('active');
    const activations = (await fixture.outboxOf(pending.id)).filter((record) => record.type === USER_ACTIVATED_V1.type);
    expect(activations).toHaveLength(1);
  });
});
