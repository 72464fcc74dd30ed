import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { User } from '../../domain/user.aggregate';
import { PUBLIC_PROFILE_CHANGED_V1, USER_ACTIVATED_V1, USER_REGISTERED_V1 } from '../../contracts';
import { ActivateUser } from './activate-user.command';
import { ActivateUserHandler } from './activate-user.handler';

describe('ActivateUser', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const activate = (activationToken: string) =>
    new ActivateUserHandler(fixture.unitOfWork, fixture.tokens).execute(
      new ActivateUser({ activationToken, metadata: fixture.metadata() }),
    );
  const stateOf = async (user: User) => (await fixture.storedUser(user.id))?.state;

  it('activates a pending user, answers its id and records UserActivated after UserRegistered', async () => {
    const pending = await fixture.pendingUser();
    const { token } = await fixture.tokens.issueActivationToken(pending.id);

    await expect(activate(token)).resolves.toBe(pending.id);

    expect(await stateOf(pending)).toBe('active');
    expect((await fixture.outboxOf(pending.id)).map((record) => record.type)).toEqual([
      USER_REGISTERED_V1.type,
      PUBLIC_PROFILE_CHANGED_V1.type,
      USER_ACTIVATED_V1.type,
      PUBLIC_PROFILE_CHANGED_V1.type,
    ]);
  });

  it.each([
    ['an expired link', async (user: User) => (await fixture.tokens.issueActivationToken(user.id)).token, 91 * 60_000],
    ['a forged link', async () => 'not-a-token', 0],
    ['a link for an account that does not exist', async () => (await fixture.tokens.issueActivationToken(crypto.randomUUID())).token, 0],
  ])('answers %s as an unusable link and activates nobody', async (_, tokenFor, laterMs) => {
    const pending = await fixture.pendingUser();
    const token = await tokenFor(pending);
    fixture.clock.advance(laterMs);

    const refused = activate(token);

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'activationToken' }] });
    expect(await stateOf(pending)).toBe('pending');
  });

  it('a double click on the link: one activation, and the second click gets the answer of a used link', async () => {
    const pending = await fixture.pendingUser();
    const { token } = await fixture.tokens.issueActivationToken(pending.id);
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled([activate(token), activate(token)]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: pending.id }]);
    const [second] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(second.reason).toBeInstanceOf(InvalidInputError);
    expect(second.reason).toMatchObject({ fieldErrors: [{ field: 'activationToken' }] });
    expect(await stateOf(pending)).toBe('active');
    expect((await fixture.outboxOf(pending.id)).map((record) => record.type)).toEqual([
      USER_REGISTERED_V1.type,
      PUBLIC_PROFILE_CHANGED_V1.type,
      USER_ACTIVATED_V1.type,
      PUBLIC_PROFILE_CHANGED_V1.type,
    ]);
  });
});
