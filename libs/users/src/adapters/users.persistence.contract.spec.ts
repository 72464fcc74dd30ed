import { describe, expect } from '@jest/globals';
import { ConcurrencyConflictError } from '@keepem/shared/domain';
import { UniqueConstraintError } from '@keepem/shared/persistence';
import { type Transaction } from '@keepem/shared/service_layer';
import { barrier } from '../../../../test/support/barrier';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { EmailAddress } from '../domain/email-address.value-object';
import { ReferralCode } from '../domain/referral-code.value-object';
import { Reminder } from '../domain/reminder.value-object';
import { Session, SessionId } from '../domain/session.aggregate';
import { User, UserId } from '../domain/user.aggregate';
import { EmailAlreadyRegisteredError, UsernameTakenError } from '../domain/user.errors';
import { Username } from '../domain/username.value-object';
import { SESSION_REPOSITORY } from '../service_layer/ports/session.repository.port';
import { USER_REPOSITORY } from '../service_layer/ports/user.repository.port';
import { UsersPersistenceRegistration } from './users-persistence.registration';

const SUITE = 'Users and sessions repositories contract';
const DAY_MS = 86_400_000;

/** What a user restores to, field by field, in plain values a matcher compares. */
function fieldsOf(user: User | null) {
  return (
    user && {
      id: user.id,
      state: user.state,
      version: user.version,
      createdAt: user.createdAt,
      modifiedAt: user.modifiedAt,
      username: user.username.value,
      email: user.email.value,
      canonicalEmail: user.email.canonical,
      publicName: user.publicName,
      passwordHash: user.passwordHash,
      roles: [...user.roles],
      referralCode: user.referralCode.value,
      referredBy: user.referredBy,
      reminders: user.reminders.map(({ title, time, frequencyDays, relatedUser }) => ({ title, time, frequencyDays, relatedUser })),
    }
  );
}

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, withWriteConflicts, tick, now, run } = contractOn(driver, (registry) => new UsersPersistenceRegistration(registry));
  let counter = 0;
  const users = (tx: Transaction) => tx.repository(USER_REPOSITORY);
  const load = (id: string) => run((tx) => users(tx).findById(id));

  interface Registration {
    id?: UserId;
    username?: string;
    email?: string;
    publicName?: string | null;
    referralCode?: ReferralCode;
    referredBy?: UserId | null;
    admin?: boolean;
  }

  /** A newcomer built as the sign-up builds one (an administrator as the start-up seeds one), not stored yet. */
  function newUser(registration: Registration = {}): User {
    counter += 1;
    const fields = {
      id: registration.id ?? (crypto.randomUUID() as UserId),
      username: Username.parse(registration.username ?? `member_${counter}`),
      email: EmailAddress.parse(registration.email ?? `member.${counter}@example.com`),
      publicName: registration.publicName ?? null,
      passwordHash: `$argon2id$v=19$hash-${counter}`,
      referralCode: registration.referralCode ?? ReferralCode.generate(),
      referredBy: registration.referredBy ?? null,
    };
    return registration.admin ? User.seedAdministrator(fields, tick()) : User.register(fields, tick());
  }

  const store = async (user: User) => {
    await run(async (tx) => users(tx).save(user));
    return user;
  };

  /** Loads a stored user in a unit of work of its own, changes it and saves it. */
  const change = (id: string, alter: (user: User) => void) =>
    run(async (tx) => {
      const user = (await users(tx).findById(id))!;
      alter(user);
      users(tx).save(user);
      return user;
    });

  const reminder = (title: string, time: string, frequencyDays = 0, relatedUser: string | null = null): Reminder =>
    Reminder.create({ title, time: new Date(time), frequencyDays, relatedUser });

  contract('stores a user and restores every field, reminders and roles included, through later changes', async () => {
    const referrer = await store(newUser());
    const ada = await store(
      newUser({ username: 'ada', email: 'Ada@Example.com', publicName: 'Ada L', referredBy: referrer.id, admin: true }),
    );
    const relative = crypto.randomUUID().toUpperCase();

    expect(fieldsOf(await load(ada.id))).toEqual(fieldsOf(ada));
    await change(ada.id, (user) =>
      user.addReminders(
        [reminder('Birthday', '2030-05-04T09:00:00.123Z', 365, relative), reminder('  Call mum ', '2030-02-01T18:30:00+01:00', 7)],
        tick(),
      ),
    );

    const restored = await load(ada.id);
    expect(fieldsOf(restored)).toEqual({
      id: ada.id,
      state: 'active',
      version: 2,
      createdAt: ada.createdAt,
      modifiedAt: now(),
      username: 'ada',
      email: 'ada@example.com',
      canonicalEmail: 'ada@example.com',
      publicName: 'Ada L',
      passwordHash: ada.passwordHash,
      roles: ['user', 'admin'],
      referralCode: ada.referralCode.value,
      referredBy: referrer.id,
      reminders: [
        { title: 'Birthday', time: new Date('2030-05-04T09:00:00.123Z'), frequencyDays: 365, relatedUser: relative.toLowerCase() },
        { title: 'Call mum', time: new Date('2030-02-01T17:30:00Z'), frequencyDays: 7, relatedUser: null },
      ],
    });
    // Value objects again, so the aggregate can tell a reminder it has from a new one.
    expect(restored!.reminders.every((restoredReminder) => restoredReminder instanceof Reminder)).toBe(true);
    await change(ada.id, (user) => user.addReminders([reminder('Birthday', '2030-05-04T09:00:00.123Z', 365, relative)], tick()));
    expect((await load(ada.id))!.reminders).toHaveLength(2);
  });

  contract('keeps a removed user, final, under the rewritten e-mail address, and frees the old one', async () => {
    const bob = await store(newUser({ username: 'bob', email: 'b.o.b+news@gmail.com', publicName: 'Bob' }));
    await change(bob.id, (user) => user.activate(tick()));
    await change(bob.id, (user) => user.remove({ by: 'admin', adminId: crypto.randomUUID(), reason: ' spam ' }, tick()));

    expect(await load(bob.id)).toMatchObject({ state: 'removed', version: 3, publicName: null, username: Username.parse('bob') });
    expect((await load(bob.id))!.email.value).toBe(`${bob.id}@removed.invalid`);
    expect(await run((tx) => users(tx).findByCanonicalEmail('bob@gmail.com'))).toBeNull();
    expect((await run((tx) => users(tx).findByCanonicalEmail(`${bob.id}@removed.invalid`)))?.id).toBe(bob.id);

    const again = await store(newUser({ username: 'bob_again', email: 'bob@gmail.com' }));
    expect((await run((tx) => users(tx).findByCanonicalEmail('bob@gmail.com')))?.id).toBe(again.id);
    // The username is not freed: nobody else may pass for the removed user.
    await expect(store(newUser({ username: 'bob' }))).rejects.toBeInstanceOf(UsernameTakenError);
  });

  contract('finds a user by the canonical form of any spelling of the address, by username and by referral code', async () => {
    const joe = await store(newUser({ username: 'joe', email: 'J.Doe+News@GoogleMail.com' }));
    await store(newUser({ username: 'other', email: 'jdoe@example.com' }));

    expect((await load(joe.id))!.email.value).toBe('j.doe+news@googlemail.com');
    expect((await run((tx) => users(tx).findByCanonicalEmail(EmailAddress.canonicalOf('jdoe+other@gmail.com'))))?.id).toBe(joe.id);
    // What is looked up is the canonical form, never the address as typed.
    expect(await run((tx) => users(tx).findByCanonicalEmail('j.doe+news@googlemail.com'))).toBeNull();
    expect((await run((tx) => users(tx).findByUsername('joe')))?.id).toBe(joe.id);
    expect(await run((tx) => users(tx).findByUsername('jo'))).toBeNull();
    expect((await run((tx) => users(tx).findByReferralCode(joe.referralCode.value)))?.id).toBe(joe.id);
    expect(await run((tx) => users(tx).findByReferralCode(joe.referralCode.value === 'AAAAA' ? 'BBBBB' : 'AAAAA'))).toBeNull();
  });

  contract('answers a taken username, address or referral code from the unique indexes, storing nothing of the loser', async () => {
    const ada = await store(newUser({ username: 'ada', email: 'a.da@gmail.com' }));

    // Units of work that did not look first, as one racing the first commit would not have seen it.
    await expect(store(newUser({ username: 'ada' }))).rejects.toBeInstanceOf(UsernameTakenError);
    await expect(store(newUser({ username: 'ada_2', email: 'ada+x@googlemail.com' }))).rejects.toBeInstanceOf(EmailAlreadyRegisteredError);
    const sameCode = store(newUser({ username: 'ada_3', referralCode: ada.referralCode }));
    await expect(sameCode).rejects.toBeInstanceOf(UniqueConstraintError);
    await expect(sameCode).rejects.toMatchObject({ collection: 'users', index: 'unique_referral_code' });
    // A second insert under an id already stored (a rerun that did not know its first run committed).
    await expect(store(newUser({ id: ada.id, username: 'ada_4' }))).rejects.toMatchObject({ collection: 'users', index: '_id_' });

    for (const username of ['ada_2', 'ada_3', 'ada_4']) {
      expect(await run((tx) => users(tx).findByUsername(username))).toBeNull();
    }
    expect((await run((tx) => users(tx).findByCanonicalEmail('ada@gmail.com')))?.id).toBe(ada.id);
  });

  contract('refuses a save made from a stale read as a concurrency conflict, keeping what was saved first', async () => {
    const ada = await store(newUser({ username: 'ada' }));
    const [first, second] = [(await load(ada.id))!, (await load(ada.id))!];

    first.changePublicName('First', tick());
    await run(async (tx) => users(tx).save(first));
    second.changePublicName('Second', tick());

    await expect(run(async (tx) => users(tx).save(second))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await load(ada.id)).toMatchObject({ publicName: 'First', version: 2 });
  });

  withWriteConflicts('keeps both of two changes to one user that read it at once: the loser runs again on fresh data', async () => {
    const ada = await store(newUser({ username: 'ada' }));
    const bothRead = barrier(2);
    const add = (title: string) =>
      run(async (tx) => {
        const user = (await users(tx).findById(ada.id))!;
        await bothRead();
        user.addReminders([reminder(title, '2030-03-03T10:00:00Z')], tick());
        users(tx).save(user);
      });

    await Promise.all([add('One'), add('Two')]);

    const stored = (await load(ada.id))!;
    expect(stored.reminders.map((kept) => kept.title).sort()).toEqual(['One', 'Two']);
    expect(stored.version).toBe(3);
  });

  withWriteConflicts('lets only one of two sign-ups that both found the username free take it', async () => {
    const bothLooked = barrier(2);
    const signUp = (email: string) =>
      run(async (tx) => {
        // As the sign-up does: a rerun that finds the name taken answers so itself.
        if (await users(tx).findByUsername('ada')) {
          throw new UsernameTakenError();
        }
        await bothLooked();
        users(tx).save(newUser({ username: 'ada', email }));
      });

    const outcomes = await Promise.allSettled([signUp('one@example.com'), signUp('two@example.com')]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(UsernameTakenError) });
  });

  contract('stores a session and restores every field; lists only the active sessions of the user asked about', async () => {
    const [ada, bob] = [await store(newUser()), await store(newUser())];
    const session = (user: User, deviceId: string | null = null) =>
      Session.start(
        crypto.randomUUID() as SessionId,
        { userId: user.id, deviceId, refreshTokenFingerprint: crypto.randomUUID(), expiresAt: new Date(now().getTime() + DAY_MS) },
        tick(),
      );
    const [phone, laptop, revoked, bobs] = [session(ada, 'phone'), session(ada), session(ada, 'old'), session(bob)];
    await run(async (tx) => [phone, laptop, revoked, bobs].forEach((started) => tx.repository(SESSION_REPOSITORY).save(started)));
    const [rotatedAt, renewedUntil] = [tick(), new Date(now().getTime() + 2 * DAY_MS)];
    await run(async (tx) => {
      const sessions = tx.repository(SESSION_REPOSITORY);
      const [rotated, ended] = [(await sessions.findById(phone.id))!, (await sessions.findById(revoked.id))!];
      rotated.rotate('next-fingerprint', renewedUntil, rotatedAt);
      ended.revoke(tick());
      sessions.save(rotated);
      sessions.save(ended);
    });

    expect(await run((tx) => tx.repository(SESSION_REPOSITORY).findById(phone.id))).toMatchObject({
      id: phone.id,
      userId: ada.id,
      deviceId: 'phone',
      refreshTokenFingerprint: 'next-fingerprint',
      expiresAt: renewedUntil,
      state: 'active',
      version: 2,
      createdAt: phone.createdAt,
      modifiedAt: rotatedAt,
    });
    expect(await run((tx) => tx.repository(SESSION_REPOSITORY).findById(laptop.id))).toMatchObject({
      deviceId: null,
      refreshTokenFingerprint: laptop.refreshTokenFingerprint,
      expiresAt: laptop.expiresAt,
      version: 1,
    });
    expect(await run((tx) => tx.repository(SESSION_REPOSITORY).findById(revoked.id))).toMatchObject({ state: 'removed', version: 2 });
    const active = (userId: string) => run((tx) => tx.repository(SESSION_REPOSITORY).findActiveOfUser(userId));
    expect((await active(ada.id)).map((found) => found.id).sort()).toEqual([phone.id, laptop.id].sort());
    expect((await active(bob.id)).map((found) => found.id)).toEqual([bobs.id]);
    expect(await active(crypto.randomUUID())).toEqual([]);
  });
});
