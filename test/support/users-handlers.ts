import { ManualClock, memoryPersistence, MemoryPersistence } from '@keepem/shared/testing';
import type { MessageMetadata, Transaction } from '@keepem/shared/service_layer';
import { UsersPersistenceRegistration } from '../../libs/users/src/adapters/users-persistence.registration';
import { JwtTokenService } from '../../libs/users/src/adapters/jwt-token.service';
import { EmailAddress } from '../../libs/users/src/domain/email-address.value-object';
import { ReferralCode } from '../../libs/users/src/domain/referral-code.value-object';
import type { Role } from '../../libs/users/src/domain/role';
import { User, UserId } from '../../libs/users/src/domain/user.aggregate';
import { Username } from '../../libs/users/src/domain/username.value-object';
import { PasswordHasher } from '../../libs/users/src/service_layer/ports/password-hasher.port';
import { USER_REPOSITORY } from '../../libs/users/src/service_layer/ports/user.repository.port';
import { UsersSettings } from '../../libs/users/src/service_layer/ports/users-settings.port';
import { usersConfig } from '../../libs/users/src/users.config';

export const DAY_MS = 24 * 60 * 60_000;

/** Hashing is the argon2 adapter's business; handler tests only need a password to match or not. */
export const plainPasswords: PasswordHasher = {
  hash: async (password) => `hashed:${password}`,
  verify: async (hash, password) => hash === `hashed:${password}`,
  decoyHash: Promise.resolve('hashed:'),
};

/** The users context's handlers on the embedded unit of work, with a clock the test moves. */
export interface UsersFixture extends MemoryPersistence {
  clock: ManualClock;
  tokens: JwtTokenService;
  settings: UsersSettings;
  metadata(): MessageMetadata;
  /** Stores an active user with the given roles (and password "correct horse battery"). */
  activeUser(roles?: Role[]): Promise<User>;
  /** Reads an aggregate back, as the next request would. */
  load<Result>(read: (tx: Transaction) => Promise<Result>): Promise<Result>;
}

export const PASSWORD = 'correct horse battery';

export async function usersFixture(settings: Partial<UsersSettings> = {}): Promise<UsersFixture> {
  const persistence = await memoryPersistence((registry) => new UsersPersistenceRegistration(registry));
  const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
  const config = usersConfig({ JWT_SECRET_KEY: 'handler-tests-'.padEnd(48, 'k') });
  const metadata = (): MessageMetadata => ({ commandId: crypto.randomUUID(), correlationId: crypto.randomUUID(), at: clock.now() });
  let counter = 0;
  return {
    ...persistence,
    clock,
    tokens: new JwtTokenService(config, clock),
    settings: { publicApiUrl: 'http://keepem.test', sessionMaxLifetimeMs: 180 * DAY_MS, ...settings },
    metadata,
    activeUser: async (roles = ['user']) => {
      counter += 1;
      const fields = {
        id: crypto.randomUUID() as UserId,
        username: Username.parse(`user_${counter}`),
        email: EmailAddress.parse(`user.${counter}@example.com`),
        publicName: null,
        passwordHash: await plainPasswords.hash(PASSWORD),
        referralCode: ReferralCode.generate(),
        referredBy: null,
      };
      const user = roles.includes('admin') ? User.seedAdministrator(fields, clock.now()) : User.register(fields, clock.now());
      if (user.state === 'pending') {
        user.activate(clock.now());
      }
      await persistence.unitOfWork.run(metadata(), async (tx) => tx.repository(USER_REPOSITORY).save(user));
      return user;
    },
    load: (read) => persistence.unitOfWork.run(metadata(), read),
  };
}
