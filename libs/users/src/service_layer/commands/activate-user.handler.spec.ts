import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause, pausingAfter } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { DocumentUserRepository, USERS_COLLECTION } from '../../adapters/document-user.repository';
import { EmailAddress } from '../../domain/email-address.value-object';
import { ReferralCode } from '../../domain/referral-code.value-object';
import { User, UserId } from '../../domain/user.aggregate';
import { Username } from '../../domain/username.value-object';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { ActivateUser } from './activate-user.command';
import { ActivateUserHandler } from './activate-user.handler';

describe('ActivateUser', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = new Pause();
    fixture.registry.register(USER_REPOSITORY, USERS_COLLECTION, (tx) => pausingAfter(new DocumentUserRepository(tx), 'findById', pause));
  });
  afterEach(() => fixture.close());

  it('a double click on the link: one activation, and the second click gets the answer of a used link', async () => {
    const pending = User.register(
      {
        id: crypto.randomUUID() as UserId,
        username: Username.parse('ada'),
        email: EmailAddress.parse('ada@example.com'),
        publicName: null,
        passwordHash: 'hashed',
        referralCode: ReferralCode.generate(),
        referredBy: null,
      },
      fixture.clock.now(),
    );
    await fixture.load(async (tx) => tx.repository(USER_REPOSITORY).save(pending));
    const { token } = await fixture.tokens.issueActivationToken(pending.id);
    const activate = () =>
      new ActivateUserHandler(fixture.unitOfWork, fixture.tokens).execute(
        new ActivateUser({ activationToken: token, metadata: fixture.metadata() }),
      );
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled([activate(), activate()]);

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toEqual([{ status: 'fulfilled', value: pending.id }]);
    const [second] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(second.reason).toBeInstanceOf(InvalidInputError);
    expect(second.reason).toMatchObject({ fieldErrors: [{ field: 'token' }] });
    expect((await fixture.load((tx) => tx.repository(USER_REPOSITORY).findById(pending.id)))?.state).toBe('active');
  });
});
