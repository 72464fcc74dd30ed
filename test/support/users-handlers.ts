import type { AggregateState } from '@keepem/shared/domain';
import { ManualClock, memoryPersistence, MemoryPersistence } from '@keepem/shared/testing';
import { type MessageMetadata, MessageMetadataFactory, type OutboxEntry, type Transaction } from '@keepem/shared/service_layer';
import { DocumentSessionRepository, SESSIONS_COLLECTION } from '../../libs/users/src/adapters/document-session.repository';
import { DocumentUserRepository, USERS_COLLECTION } from '../../libs/users/src/adapters/document-user.repository';
import { UsersPersistenceRegistration } from '../../libs/users/src/adapters/users-persistence.registration';
import { USERS_PUBLICATIONS } from '../../libs/users/src/service_layer/users.publications';
import { JwtTokenService } from '../../libs/users/src/adapters/jwt-token.service';
import { EmailAddress } from '../../libs/users/src/domain/email-address.value-object';
import { ReferralCode } from '../../libs/users/src/domain/referral-code.value-object';
import type { Role } from '../../libs/users/src/domain/role';
import { User, UserId } from '../../libs/users/src/domain/user.aggregate';
import type { Session } from '../../libs/users/src/domain/session.aggregate';
import { Username } from '../../libs/users/src/domain/username.value-object';
import { LogIn } from '../../libs/users/src/service_layer/commands/log-in.command';
import { LogInHandler } from '../../libs/users/src/service_layer/commands/log-in.handler';
import { LogOut } from '../../libs/users/src/service_layer/commands/log-out.command';
import { LogOutHandler } from '../../libs/users/src/service_layer/commands/log-out.handler';
import { RefreshSession } from '../../libs/users/src/service_layer/commands/refresh-session.command';
import { RefreshSessionHandler } from '../../libs/users/src/service_layer/commands/refresh-session.handler';
import { PasswordHasher } from '../../libs/users/src/service_layer/ports/password-hasher.port';
import { SESSION_REPOSITORY, type SessionRepository } from '../../libs/users/src/service_layer/ports/session.repository.port';
import { USER_REPOSITORY, type UserRepository } from '../../libs/users/src/service_layer/ports/user.repository.port';
import { UsersSettings } from '../../libs/users/src/service_layer/ports/users-settings.port';
import type { SessionTokens } from '../../libs/users/src/service_layer/session-tokens';
import { Pause, pausingAfter } from './pause';
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
  /** Stores an active user with the given roles (and password PASSWORD). */
  activeUser(roles?: Role[]): Promise<User>;
  /** Stores a user who registered (password PASSWORD) and has not followed the activation link yet. */
  pendingUser(): Promise<User>;
  /** Changes the stored user as another process (an administrator) would, behind the handlers' backs. */
  alter(user: User, change: { state?: AggregateState; roles?: Role[] }): Promise<void>;
  /**
   * Makes every users repository wait at the returned pause after `method` has read, so that a test
   * can hold two units of work there (at a barrier) until both have read.
   */
  pauseUsersAfter(method: keyof UserRepository): Pause;
  /** The same for the sessions repository. */
  pauseSessionsAfter(method: keyof SessionRepository): Pause;
  /** Reads what the handlers stored, as the next request would. */
  load<Result>(read: (tx: Transaction) => Promise<Result>): Promise<Result>;
  storedUser(userId: string): Promise<User | null>;
  storedSession(sessionId: string): Promise<Session | null>;
  /** The outbox records committed for one aggregate, in the order they are delivered. */
  outboxOf(aggregateId: string): Promise<OutboxEntry[]>;
  /** LogIn through its handler: with PASSWORD, no device and the default scope unless told otherwise. */
  logIn(email: string, props?: Partial<Pick<LogIn, 'sessionId' | 'password' | 'deviceId' | 'scope'>>): Promise<SessionTokens>;
  /** RefreshSession through its handler, with the fixture's settings unless given others. */
  refresh(refreshToken: string, settings?: UsersSettings): Promise<SessionTokens>;
  /** LogOut through its handler. */
  logOut(refreshToken: string): Promise<void>;
  /** The stored session a refresh token belongs to. */
  sessionOf(refreshToken: string): Promise<Session | null>;
}

export const PASSWORD = 'correct horse battery';

export async function usersFixture(settings: Partial<UsersSettings> = {}): Promise<UsersFixture> {
  const persistence = await memoryPersistence((registry) => new UsersPersistenceRegistration(registry), USERS_PUBLICATIONS);
  const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
  const config = usersConfig({ JWT_SECRET_KEY: 'handler-tests-'.padEnd(48, 'k') });
  const metadataFactory = new MessageMetadataFactory(clock);
  const metadata = (): MessageMetadata => metadataFactory.forSystem();
  const load = <Result>(read: (tx: Transaction) => Promise<Result>) => persistence.unitOfWork.run(metadata(), read);
  const store = (user: User) => load(async (tx) => tx.repository(USER_REPOSITORY).save(user));
  const storedSession = (sessionId: string) => load((tx) => tx.repository(SESSION_REPOSITORY).findById(sessionId));
  const tokens = new JwtTokenService(config, clock);
  const fullSettings: UsersSettings = {
    publicApiUrl: 'http://keepem.test',
    passwordResetUrl: 'http://keepem.test/reset-password',
    sessionMaxLifetimeMs: 180 * DAY_MS,
    ...settings,
  };
  let counter = 0;
  const registered = async (roles: Role[]): Promise<User> => {
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
    return roles.includes('admin') ? User.seedAdministrator(fields, clock.now()) : User.register(fields, clock.now());
  };
  return {
    ...persistence,
    clock,
    tokens,
    settings: fullSettings,
    metadata,
    activeUser: async (roles = ['user']) => {
      const user = await registered(roles);
      if (user.state === 'pending') {
        user.activate(clock.now());
      }
      await store(user);
      return user;
    },
    pendingUser: async () => {
      const user = await registered(['user']);
      await store(user);
      return user;
    },
    alter: (user, change) =>
      load(async (tx) => {
        const users = tx.repository(USER_REPOSITORY);
        const stored = (await users.findById(user.id))!;
        users.save(altered(stored, change));
      }),
    pauseUsersAfter: (method) => {
      const pause = new Pause();
      persistence.registry.register(USER_REPOSITORY, USERS_COLLECTION, (tx) => pausingAfter(new DocumentUserRepository(tx), method, pause));
      return pause;
    },
    pauseSessionsAfter: (method) => {
      const pause = new Pause();
      persistence.registry.register(SESSION_REPOSITORY, SESSIONS_COLLECTION, (tx) =>
        pausingAfter(new DocumentSessionRepository(tx), method, pause),
      );
      return pause;
    },
    load,
    storedUser: (userId) => load((tx) => tx.repository(USER_REPOSITORY).findById(userId)),
    storedSession,
    outboxOf: async (aggregateId) => {
      const { items } = await persistence.outbox.page(undefined, {
        number: 0,
        size: 1000,
        sort: { field: 'occurredAt', direction: 'asc' },
      });
      return items.filter((entry) => entry.aggregateId === aggregateId);
    },
    logIn: (email, props = {}) =>
      new LogInHandler(persistence.unitOfWork, plainPasswords, tokens, fullSettings).execute(
        new LogIn({
          sessionId: crypto.randomUUID(),
          email,
          password: PASSWORD,
          deviceId: null,
          scope: null,
          ...props,
          metadata: metadata(),
        }),
      ),
    refresh: (refreshToken, others = fullSettings) =>
      new RefreshSessionHandler(persistence.unitOfWork, tokens, others).execute(new RefreshSession({ refreshToken, metadata: metadata() })),
    logOut: (refreshToken) => new LogOutHandler(persistence.unitOfWork, tokens).execute(new LogOut({ refreshToken, metadata: metadata() })),
    sessionOf: (refreshToken) => storedSession(tokens.verifyRefreshToken(refreshToken).sessionId),
  };
}

function altered(user: User, change: { state?: AggregateState; roles?: Role[] }): User {
  return User.restore(
    user.id,
    { createdAt: user.createdAt, modifiedAt: user.modifiedAt, version: user.version, state: change.state ?? user.state },
    {
      username: user.username,
      email: user.email,
      publicName: user.publicName,
      passwordHash: user.passwordHash,
      roles: [...(change.roles ?? user.roles)],
      referralCode: user.referralCode,
      referredBy: user.referredBy,
      reminders: user.reminders,
    },
  );
}
