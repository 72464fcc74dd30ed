import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RuleViolationError } from '@keepem/shared/domain';
import { Transaction, UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { EmailAddress } from '../../domain/email-address.value-object';
import { assertAcceptablePassword } from '../../domain/password-policy';
import { PublicName } from '../../domain/public-name.value-object';
import { ReferralCode } from '../../domain/referral-code.value-object';
import { User, UserId } from '../../domain/user.aggregate';
import { EmailAlreadyRegisteredError, UsernameTakenError } from '../../domain/user.errors';
import { Username } from '../../domain/username.value-object';
import { PASSWORD_HASHER, type PasswordHasher } from '../ports/password-hasher.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { allocateReferralCode } from '../referral-code.allocator';
import { RegisterUser } from './register-user.command';

@CommandHandler(RegisterUser)
export class RegisterUserHandler implements ICommandHandler<RegisterUser> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
  ) {}

  async execute(command: RegisterUser): Promise<void> {
    const username = Username.parse(command.username);
    const email = EmailAddress.parse(command.email);
    const publicName = command.publicName === null ? null : PublicName.parse(command.publicName).value;
    assertAcceptablePassword(command.password);
    const offeredReferral = command.referralCode === null ? null : ReferralCode.parse(command.referralCode);
    // Hashing is slow on purpose; done once, outside the transaction that may be retried.
    const passwordHash = await this.passwords.hash(command.password);

    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      await assertIdentityIsFree(tx, username, email);
      const referrer = offeredReferral ? await users.findByReferralCode(offeredReferral.value) : null;
      if (offeredReferral && (!referrer || referrer.state === 'removed')) {
        throw new RuleViolationError('No user has that referral code', [
          { field: 'referralCode', message: 'no user has this referral code' },
        ]);
      }
      const user = User.register(
        {
          id: command.userId as UserId,
          username,
          email,
          publicName,
          passwordHash,
          referralCode: await allocateReferralCode(users),
          referredBy: referrer?.id ?? null,
        },
        command.metadata.at,
      );
      users.save(user);
    });
  }
}

/** Answers which field is taken; a sign-up racing this one is caught by the unique indexes, which answer the same. */
async function assertIdentityIsFree(tx: Transaction, username: Username, email: EmailAddress): Promise<void> {
  const users = tx.repository(USER_REPOSITORY);
  if (await users.findByUsername(username.value)) {
    throw new UsernameTakenError();
  }
  if (await users.findByCanonicalEmail(email.canonical)) {
    throw new EmailAlreadyRegisteredError();
  }
}
