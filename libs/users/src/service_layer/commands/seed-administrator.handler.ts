import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { EmailAddress } from '../../domain/email-address.value-object';
import { assertAcceptablePassword } from '../../domain/password-policy';
import { User, UserId } from '../../domain/user.aggregate';
import { EmailAlreadyRegisteredError } from '../../domain/user.errors';
import { Username } from '../../domain/username.value-object';
import { PASSWORD_HASHER, type PasswordHasher } from '../ports/password-hasher.port';
import { UserRepository, USER_REPOSITORY } from '../ports/user.repository.port';
import { allocateReferralCode } from '../referral-code.allocator';
import { SeedAdministrator } from './seed-administrator.command';

/**
 * Creates the configured administrator. An account with that e-mail address is a conflict whether
 * an earlier start made it or a process starting alongside made it a moment ago: one answer, which
 * the seeder takes as "already in place".
 */
@CommandHandler(SeedAdministrator)
export class SeedAdministratorHandler implements ICommandHandler<SeedAdministrator> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
  ) {}

  async execute(command: SeedAdministrator): Promise<void> {
    const email = EmailAddress.parse(command.email, 'ADMIN_EMAIL');
    assertAcceptablePassword(command.password, 'ADMIN_PASSWORD');
    // Hashing is slow on purpose; done once, outside the transaction that may be retried.
    const passwordHash = await this.passwords.hash(command.password);
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      if (await users.findByCanonicalEmail(email.canonical)) {
        throw new EmailAlreadyRegisteredError();
      }
      const admin = User.seedAdministrator(
        {
          id: command.userId as UserId,
          username: await freeUsername(users),
          email,
          publicName: null,
          passwordHash,
          referralCode: await allocateReferralCode(users),
          referredBy: null,
        },
        command.metadata.at,
      );
      users.save(admin);
    });
  }
}

/** "admin", or "admin_2", "admin_3"… when someone registered that name first. */
async function freeUsername(users: UserRepository): Promise<Username> {
  for (let suffix = 1; suffix <= 99; suffix++) {
    const candidate = Username.parse(suffix === 1 ? 'admin' : `admin_${suffix}`);
    if (!(await users.findByUsername(candidate.value))) {
      return candidate;
    }
  }
  throw new Error('No free administrator username between admin and admin_99');
}
