import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { plainPasswords, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { EmailAlreadyRegisteredError, UsernameTakenError } from '../../domain/user.errors';
import { PUBLIC_PROFILE_CHANGED_V1, USER_REGISTERED_V1 } from '../../contracts';
import { RegisterUser } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';

describe('RegisterUser', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    // The e-mail is looked up last: both sign-ups have checked everything before either commits.
    pause = fixture.pauseUsersAfter('findByCanonicalEmail');
  });
  afterEach(() => fixture.close());

  const register = (
    username: string,
    email: string,
    props: Partial<Pick<RegisterUser, 'userId' | 'password' | 'publicName' | 'referralCode'>> = {},
  ) =>
    new RegisterUserHandler(fixture.unitOfWork, plainPasswords).execute(
      new RegisterUser({
        userId: crypto.randomUUID(),
        username,
        email,
        password: 'correct horse battery',
        publicName: null,
        referralCode: null,
        ...props,
        metadata: fixture.metadata(),
      }),
    );

  it('stores a pending user, referred by whoever owns the code given, and records UserRegistered', async () => {
    const referrer = await fixture.activeUser();
    const userId = crypto.randomUUID();

    await register('  Ada_L ', 'Ada@Example.com', {
      userId,
      publicName: '  Ada ',
      referralCode: referrer.referralCode.value.toLowerCase(),
    });

    const user = await fixture.storedUser(userId);
    expect(user).toMatchObject({ state: 'pending', roles: ['user'], publicName: 'Ada', referredBy: referrer.id });
    expect([user?.username.value, user?.email.value]).toEqual(['ada_l', 'ada@example.com']);
    expect(user?.passwordHash).toBe(await plainPasswords.hash('correct horse battery'));
    expect(user?.referralCode.value).not.toBe(referrer.referralCode.value);
    expect((await fixture.outboxOf(userId)).map(({ type, payload }) => ({ type, payload }))).toEqual([
      { type: USER_REGISTERED_V1.type, payload: expect.objectContaining({ activation_required: true }) },
      {
        type: PUBLIC_PROFILE_CHANGED_V1.type,
        payload: expect.objectContaining({ username: 'ada_l', public_name: 'Ada', state: 'pending' }),
      },
    ]);
  });

  it('refuses a referral code nobody has, or only a removed user had, naming the field', async () => {
    const removed = await fixture.activeUser();
    await fixture.alter(removed, { state: 'removed' });

    for (const code of ['ZZZZZ', removed.referralCode.value]) {
      const userId = crypto.randomUUID();
      const refused = register(`bo_${code.toLowerCase()}`, `bo.${code}@example.com`, { userId, referralCode: code });

      await expect(refused).rejects.toBeInstanceOf(RuleViolationError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'referralCode' }] });
      expect(await fixture.storedUser(userId)).toBeNull();
    }
  });

  it('refuses an unacceptable password before anything is stored', async () => {
    const userId = crypto.randomUUID();

    await expect(register('bo', 'bo@example.com', { userId, password: 'short' })).rejects.toMatchObject({
      fieldErrors: [{ field: 'password' }],
    });
    expect(await fixture.storedUser(userId)).toBeNull();
  });

  it('refuses a public name PATCH /me would refuse (blank, a line break, too long) before anything is stored', async () => {
    for (const publicName of ['   ', 'Ada\nClaim your prize', 'A'.repeat(65)]) {
      const userId = crypto.randomUUID();

      await expect(register(`bo_${publicName.length}`, `bo${publicName.length}@example.com`, { userId, publicName })).rejects.toMatchObject(
        {
          fieldErrors: [{ field: 'publicName' }],
        },
      );
      expect(await fixture.storedUser(userId)).toBeNull();
    }
  });

  /** The sequential answer, which a racing sign-up must get too. */
  async function sequentialRefusal(first: () => Promise<void>, second: () => Promise<void>): Promise<unknown> {
    await first();
    return second().catch((error: unknown) => error);
  }

  it.each([
    ['e-mail (another Gmail spelling)', ['ann', 'ann.lee@gmail.com'], ['bob', 'annlee+x@gmail.com'], EmailAlreadyRegisteredError],
    ['username', ['cy', 'cy@example.com'], ['cy', 'other@example.com'], UsernameTakenError],
  ])('two sign-ups with one %s at once: one account, and the other gets the sequential 409', async (_, first, second, refusal) => {
    const sequential = await sequentialRefusal(
      () => register(`${first[0]}_s`, `s.${first[1]}`),
      () => register(second[0] === first[0] ? `${first[0]}_s` : `${second[0]}_s`, `s.${second[1]}`),
    );
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled([register(first[0], first[1]), register(second[0], second[1])]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost.reason).toBeInstanceOf(refusal);
    expect(lost.reason).toEqual(sequential);
    expect(lost.reason).toMatchObject({ fieldErrors: (sequential as EmailAlreadyRegisteredError).fieldErrors });
  });
});
