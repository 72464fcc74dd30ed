import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import { Pause, pausingAfter } from '../../../../../test/support/pause';
import { plainPasswords, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { DocumentUserRepository, USERS_COLLECTION } from '../../adapters/document-user.repository';
import { EmailAlreadyRegisteredError, UsernameTakenError } from '../../domain/user.errors';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { RegisterUser } from './register-user.command';
import { RegisterUserHandler } from './register-user.handler';

describe('RegisterUser', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = new Pause();
    // The e-mail is looked up last: both sign-ups have checked everything before either commits.
    fixture.registry.register(USER_REPOSITORY, USERS_COLLECTION, (tx) =>
      pausingAfter(new DocumentUserRepository(tx), 'findByCanonicalEmail', pause),
    );
  });
  afterEach(() => fixture.close());

  const register = (username: string, email: string) =>
    new RegisterUserHandler(fixture.unitOfWork, plainPasswords).execute(
      new RegisterUser({
        userId: crypto.randomUUID(),
        username,
        email,
        password: 'correct horse battery',
        publicName: null,
        referralCode: null,
        metadata: fixture.metadata(),
      }),
    );

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
