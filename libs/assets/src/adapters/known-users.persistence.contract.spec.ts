import { describe, expect } from '@jest/globals';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import type { OwnerId } from '../domain/asset.aggregate';
import { DirectoryEntry, type UserFacts } from '../domain/directory-entry';
import { DIRECTORY_ENTRY_REPOSITORY } from '../service_layer/ports/directory-entry.repository.port';
import { AssetsPersistenceRegistration } from './assets-persistence.registration';
import { DocumentUserDirectory } from './document-user.directory';

const SUITE = 'Known users repository and directory contract';

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, persistence, tick, run } = contractOn(driver, (registry) => new AssetsPersistenceRegistration(registry));

  const facts = (username: string, fields: Partial<UserFacts> = {}): UserFacts => ({
    profile: { username, publicName: null, state: 'active' },
    email: `${username}@example.com`,
    at: tick(),
    ...fields,
  });

  async function known(username: string, fields: Partial<UserFacts> = {}): Promise<DirectoryEntry> {
    const entry = DirectoryEntry.first(crypto.randomUUID() as OwnerId, facts(username, fields), tick());
    await run(async (tx) => tx.repository(DIRECTORY_ENTRY_REPOSITORY).save(entry));
    return entry;
  }
  const load = (id: string) => run((tx) => tx.repository(DIRECTORY_ENTRY_REPOSITORY).findById(id));

  contract('stores an entry and restores every field, through a change', async () => {
    const stored = await known('ada', { profile: { username: 'ada', publicName: 'Ada', state: 'pending' } });

    const first = await load(stored.id);
    expect(first).toMatchObject({ profile: { username: 'ada', publicName: 'Ada', state: 'pending' }, email: 'ada@example.com' });
    expect(first?.profileAt).toEqual(stored.profileAt);
    expect(first?.emailAt).toEqual(stored.emailAt);
    expect(first?.version).toBe(1);

    const removedAt = tick();
    await run(async (tx) => {
      const entries = tx.repository(DIRECTORY_ENTRY_REPOSITORY);
      const found = (await entries.findById(stored.id))!;
      found.learn({ profile: { username: 'ada', publicName: null, state: 'removed' }, email: null, at: removedAt }, tick());
      entries.save(found);
    });

    const removed = await load(stored.id);
    expect(removed).toMatchObject({ profile: { username: 'ada', publicName: null, state: 'removed' }, email: null });
    expect(removed?.profileAt).toEqual(removedAt);
    expect(removed?.version).toBe(2);
    expect(await load(crypto.randomUUID())).toBeNull();
  });

  contract('keeps an entry without an address yet as such', async () => {
    const stored = await known('bob', { email: null });

    expect((await load(stored.id))?.email).toBeNull();
    expect((await load(stored.id))?.emailAt).toBeNull();
  });

  contract('reads one user or many in one go, each once, in the order asked, unknown ids left out', async () => {
    const [ada, bob] = [
      await known('ada', { profile: { username: 'ada', publicName: 'Ada', state: 'active' } }),
      await known('bob', { email: null }),
    ];
    const directory = new DocumentUserDirectory(persistence().reader);

    expect(await directory.find(ada.id)).toEqual({
      userId: ada.id,
      username: 'ada',
      publicName: 'Ada',
      email: 'ada@example.com',
      state: 'active',
    });
    expect(await directory.find(crypto.randomUUID())).toBeNull();
    expect(await directory.findMany([bob.id, crypto.randomUUID(), ada.id, bob.id])).toEqual([
      { userId: bob.id, username: 'bob', publicName: null, email: null, state: 'active' },
      { userId: ada.id, username: 'ada', publicName: 'Ada', email: 'ada@example.com', state: 'active' },
    ]);
    expect(await directory.findMany([])).toEqual([]);
  });
});
