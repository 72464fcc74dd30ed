import { describe, expect } from '@jest/globals';
import type { AggregateState } from '@keepem/shared/domain';
import type { DocumentTransaction } from '@keepem/shared/persistence';
import { type DocumentReader, type PageRequest } from '@keepem/shared/service_layer';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { EmailAddress } from '../domain/email-address.value-object';
import { ReferralCode } from '../domain/referral-code.value-object';
import { Reminder } from '../domain/reminder.value-object';
import { User, UserId } from '../domain/user.aggregate';
import { Username } from '../domain/username.value-object';
import type { UserListFilter, UserSortField } from '../service_layer/ports/user-profile.view.port';
import { USER_REPOSITORY } from '../service_layer/ports/user.repository.port';
import { USERS_COLLECTION } from './document-user.repository';
import { DocumentUserProfileView } from './document-user-profile.view';
import { DocumentUserPublicProfilesView } from './document-user-public-profiles.view';
import { DocumentUserRemindersView } from './document-user-reminders.view';
import { UsersPersistenceRegistration } from './users-persistence.registration';

const SUITE = 'User views contract';

/** The reader, noting the name of every field it hands out, so a test sees what left the database. */
function recording(reader: DocumentReader): { reader: DocumentReader; handedOut: () => string[] } {
  const names = new Set<string>();
  const note = <Found extends object | null>(found: Found): Found => {
    Object.keys(found ?? {}).forEach((name) => names.add(name));
    return found;
  };
  return {
    handedOut: () => [...names].sort(),
    reader: {
      findById: async (collection, id, fields) => note(await reader.findById(collection, id, fields)),
      findPage: async (collection, query, fields, page) => {
        const found = await reader.findPage(collection, query, fields, page);
        found.items.forEach(note);
        return found;
      },
      count: (collection, query) => reader.count(collection, query),
    },
  };
}

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, persistence, tick, run } = contractOn(driver, (registry) => new UsersPersistenceRegistration(registry));
  let counter = 0;

  interface Stored {
    username?: string;
    email?: string;
    publicName?: string | null;
    referredBy?: UserId | null;
    state?: Extract<AggregateState, 'pending' | 'active' | 'removed'>;
    reminders?: Reminder[];
    at?: Date;
  }

  /** A user registered through the aggregate, taken to `state` (active unless told) and stored. */
  async function user(stored: Stored = {}): Promise<User> {
    counter += 1;
    const at = stored.at ?? tick();
    const created = User.register(
      {
        id: crypto.randomUUID() as UserId,
        username: Username.parse(stored.username ?? `viewed_${counter}`),
        email: EmailAddress.parse(stored.email ?? `viewed.${counter}@example.com`),
        publicName: stored.publicName ?? null,
        passwordHash: `$argon2id$v=19$secret-${counter}`,
        referralCode: ReferralCode.generate(),
        referredBy: stored.referredBy ?? null,
      },
      at,
    );
    if (stored.state !== 'pending') {
      created.activate(at);
    }
    if (stored.reminders) {
      created.addReminders(stored.reminders, at);
    }
    if (stored.state === 'removed') {
      created.remove({ by: 'self' }, at);
    }
    await run(async (tx) => tx.repository(USER_REPOSITORY).save(created));
    return created;
  }

  const reminder = (title: string, time: string, frequencyDays = 0, relatedUser: string | null = null) =>
    Reminder.create({ title, time: new Date(time), frequencyDays, relatedUser });

  contract('shows a stored profile with the fields a profile shows, never the password hash; nothing for an unknown id', async () => {
    const referrer = await user();
    const ada = await user({ username: 'ada', email: 'Ada.L+x@gmail.com', publicName: 'Ada', referredBy: referrer.id });
    const gone = await user({ username: 'gone', publicName: 'Gone', state: 'removed' });
    const { reader, handedOut } = recording(persistence().reader);
    const view = new DocumentUserProfileView(reader);

    expect(await view.findById(ada.id)).toEqual({
      id: ada.id,
      username: 'ada',
      email: 'ada.l+x@gmail.com',
      publicName: 'Ada',
      state: 'active',
      roles: ['user'],
      referralCode: ada.referralCode.value,
      referredBy: referrer.id,
      createdAt: ada.createdAt,
    });
    expect(await view.findById(gone.id)).toMatchObject({ email: `${gone.id}@removed.invalid`, publicName: null, state: 'removed' });
    expect(await view.findById(crypto.randomUUID())).toBeNull();
    expect(handedOut()).toEqual([
      '_id',
      'created_at',
      'email',
      'public_name',
      'referral_code',
      'referred_by',
      'roles',
      'state',
      'username',
    ]);
  });

  contract('lists profiles by state and by a prefix of the username or the e-mail, sorted and paged, with the total', async () => {
    const annLee = await user({ username: 'ann_lee', email: 'lee@example.com' });
    const bob = await user({ username: 'bob', email: 'ann.b@example.com' });
    const annx = await user({ username: 'annx', email: 'x@example.com', state: 'pending' });
    const carl = await user({ username: 'carl', email: 'carl@example.com' });
    const dee = await user({ username: 'dee', email: 'ann.dee@example.com', state: 'removed' });
    const { reader, handedOut } = recording(persistence().reader);
    const view = new DocumentUserProfileView(reader);
    const byUsername: PageRequest<UserSortField> = { number: 0, size: 10, sort: { field: 'username', direction: 'asc' } };
    const ids = async (filter: UserListFilter, page = byUsername) => {
      const found = await view.page(filter, page);
      return { ids: found.items.map((item) => item.id), total: found.totalElements };
    };

    expect(await ids({})).toEqual({ ids: [annLee.id, annx.id, bob.id, carl.id, dee.id], total: 5 });
    expect(await ids({ prefix: 'ann' })).toEqual({ ids: [annLee.id, annx.id, bob.id], total: 3 });
    // A prefix is text, not a pattern: the dot matches a dot only.
    expect(await ids({ prefix: 'ann.' })).toEqual({ ids: [bob.id], total: 1 });
    expect(await ids({ prefix: 'ann', state: 'active' })).toEqual({ ids: [annLee.id, bob.id], total: 2 });
    expect(await ids({ prefix: 'ann.dee' })).toEqual({ ids: [], total: 0 });
    expect(await ids({ state: 'removed' })).toEqual({ ids: [dee.id], total: 1 });
    expect(await ids({ state: 'pending', prefix: 'carl' })).toEqual({ ids: [], total: 0 });
    expect(await ids({}, { number: 0, size: 10, sort: { field: 'createdAt', direction: 'desc' } })).toEqual({
      ids: [dee.id, carl.id, annx.id, bob.id, annLee.id],
      total: 5,
    });
    expect(await ids({}, { number: 1, size: 2, sort: { field: 'username', direction: 'desc' } })).toEqual({
      ids: [bob.id, annx.id],
      total: 5,
    });
    expect(await ids({ prefix: 'ann' }, { number: 1, size: 2, sort: { field: 'createdAt', direction: 'asc' } })).toEqual({
      ids: [annx.id],
      total: 3,
    });
    expect(await ids({}, { number: 3, size: 2, sort: { field: 'createdAt', direction: 'asc' } })).toEqual({ ids: [], total: 5 });
    expect((await view.page({ state: 'removed' }, byUsername)).items).toEqual([
      expect.objectContaining({ username: 'dee', email: `${dee.id}@removed.invalid`, publicName: null }),
    ]);
    expect(handedOut()).not.toContain('password_hash');
    expect(handedOut()).not.toContain('email_canonical');
  });

  contract('orders profiles that share a sort value by id, so that pages neither overlap nor leave one out', async () => {
    const at = tick();
    const same = [await user({ at }), await user({ at }), await user({ at })];
    const view = new DocumentUserProfileView(persistence().reader);
    const onPages = async (direction: 'asc' | 'desc') => {
      const ids: string[] = [];
      for (let number = 0; number < same.length; number++) {
        const found = await view.page({}, { number, size: 1, sort: { field: 'createdAt', direction } });
        ids.push(...found.items.map((item) => item.id));
      }
      return ids;
    };
    const byId = same.map((created) => created.id).sort();

    expect(await onPages('asc')).toEqual(byId);
    expect(await onPages('desc')).toEqual([...byId].reverse());
  });

  contract('lists a user’s reminders by time, then title, from the stored user; none for a user without, null for nobody', async () => {
    const related = crypto.randomUUID();
    const ada = await user({
      reminders: [
        reminder('late', '2030-06-01T00:00:00Z'),
        reminder('b', '2030-05-04T09:00:00Z', 365, related),
        reminder('a', '2030-05-04T11:00:00+02:00', 7),
        reminder('early', '2030-01-01T00:00:00.250Z'),
      ],
    });
    const bob = await user();
    const { reader, handedOut } = recording(persistence().reader);
    const view = new DocumentUserRemindersView(reader);

    expect(await view.remindersOf(ada.id)).toEqual([
      { title: 'early', time: new Date('2030-01-01T00:00:00.250Z'), frequencyDays: 0, relatedUser: null },
      { title: 'a', time: new Date('2030-05-04T09:00:00Z'), frequencyDays: 7, relatedUser: null },
      { title: 'b', time: new Date('2030-05-04T09:00:00Z'), frequencyDays: 365, relatedUser: related },
      { title: 'late', time: new Date('2030-06-01T00:00:00Z'), frequencyDays: 0, relatedUser: null },
    ]);
    expect(await view.remindersOf(bob.id)).toEqual([]);
    expect(await view.remindersOf(crypto.randomUUID())).toBeNull();
    expect(handedOut()).toEqual(['_id', 'reminders']);
  });

  contract('reads a user stored before reminders, public names and referrals were kept as it reads any other', async () => {
    const id = crypto.randomUUID();
    const createdAt = tick();
    // Written beside the repository, as an import or an older version of the service left it.
    await run(async (tx) =>
      (tx as DocumentTransaction).session.insert(USERS_COLLECTION.name, {
        _id: id,
        version: 1,
        username: 'old_timer',
        email: 'old@example.com',
        email_canonical: 'old@example.com',
        password_hash: '$argon2id$old',
        roles: ['user'],
        referral_code: 'KPD23',
        state: 'active',
        created_at: createdAt,
        modified_at: createdAt,
      }),
    );

    expect(await run((tx) => tx.repository(USER_REPOSITORY).findById(id))).toMatchObject({
      reminders: [],
      publicName: null,
      referredBy: null,
    });
    expect(await new DocumentUserRemindersView(persistence().reader).remindersOf(id)).toEqual([]);
    expect(await new DocumentUserProfileView(persistence().reader).findById(id)).toEqual({
      id,
      username: 'old_timer',
      email: 'old@example.com',
      publicName: null,
      state: 'active',
      roles: ['user'],
      referralCode: 'KPD23',
      referredBy: null,
      createdAt,
    });
    expect((await new DocumentUserPublicProfilesView(persistence().reader).findByIds([id])).get(id)).toEqual({
      id,
      username: 'old_timer',
      publicName: null,
      referralCode: 'KPD23',
    });
  });

  contract('reads public profiles in any state without the e-mail address, each id once', async () => {
    const ada = await user({ username: 'ada', publicName: 'Ada' });
    const pending = await user({ username: 'pen', publicName: 'Pen', state: 'pending' });
    const gone = await user({ username: 'gone', publicName: 'Gone', state: 'removed' });
    const { reader, handedOut } = recording(persistence().reader);
    const view = new DocumentUserPublicProfilesView(reader);

    const profiles = await view.findByIds([gone.id, ada.id, pending.id, gone.id, crypto.randomUUID()]);

    expect(Object.fromEntries(profiles)).toEqual({
      [ada.id]: { id: ada.id, username: 'ada', publicName: 'Ada', referralCode: ada.referralCode.value },
      [pending.id]: { id: pending.id, username: 'pen', publicName: 'Pen', referralCode: pending.referralCode.value },
      [gone.id]: { id: gone.id, username: 'gone', publicName: null, referralCode: gone.referralCode.value },
    });
    expect(handedOut()).toEqual(['_id', 'public_name', 'referral_code', 'username']);
  });
});
