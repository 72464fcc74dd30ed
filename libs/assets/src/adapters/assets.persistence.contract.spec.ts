import { describe, expect } from '@jest/globals';
import { ConcurrencyConflictError } from '@keepem/shared/domain';
import type { Transaction } from '@keepem/shared/service_layer';
import { barrier } from '../../../../test/support/barrier';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { AssetDetails } from '../domain/asset-details.value-object';
import { Asset, type AssetId, type OwnerId } from '../domain/asset.aggregate';
import { DeclaredFile } from '../domain/declared-file.value-object';
import { StorageAccount } from '../domain/storage-account.aggregate';
import { StorageQuota } from '../domain/storage-quota';
import { ASSET_REPOSITORY } from '../service_layer/ports/asset.repository.port';
import { STORAGE_ACCOUNT_REPOSITORY } from '../service_layer/ports/storage-account.repository.port';
import { AssetsPersistenceRegistration } from './assets-persistence.registration';

const SUITE = 'Assets repositories contract';

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, withWriteConflicts, tick, run } = contractOn(driver, (registry) => new AssetsPersistenceRegistration(registry));

  const newOwner = () => crypto.randomUUID() as OwnerId;

  async function asset(owner: OwnerId, change?: (asset: Asset) => void, coOwners: OwnerId[] = []): Promise<Asset> {
    const created = Asset.create(
      {
        id: crypto.randomUUID() as AssetId,
        createdBy: owner,
        owners: [owner, ...coOwners],
        details: AssetDetails.parse({
          title: 'Garden',
          description: null,
          tags: [],
          people: [],
          location: null,
          createdDate: null,
          extraPrivate: false,
          bookmarked: false,
        }),
        file: DeclaredFile.parse({ name: 'garden.jpg', type: 'image/jpeg', sizeBytes: 1000 }, Number.MAX_SAFE_INTEGER),
        encryption: { format: 'chunked-v1', dataKey: { algorithm: 'aes-256-gcm', keyId: 'k1', wrapped: crypto.randomUUID() } },
      },
      tick(),
    );
    change?.(created);
    await run(async (tx) => tx.repository(ASSET_REPOSITORY).save(created));
    return created;
  }

  const load = (id: string) => run((tx) => tx.repository(ASSET_REPOSITORY).findById(id));
  const change = (id: string, work: (asset: Asset) => void) =>
    run(async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const found = (await assets.findById(id))!;
      work(found);
      assets.save(found);
    });

  contract('stores an asset and restores every field, through upload, update and removal', async () => {
    const [ada, bob] = [newOwner(), newOwner()];
    // Co-owners come from releases (issue 14), but the aggregate and its document hold them already.
    const stored = await asset(ada, undefined, [bob]);
    const details = {
      title: 'Grandma’s garden',
      description: 'Her roses,\nthe summer before',
      tags: ['family', 'summer'],
      people: ['Rose', 'Ada'],
      location: 'Lyon',
      createdDate: 'summer 1998',
      extraPrivate: true,
      bookmarked: true,
    };

    const pending = await load(stored.id);
    expect(pending).toMatchObject({ id: stored.id, state: 'pending', owners: [ada, bob], version: 1, uploadClaim: null });
    expect(pending?.file.toProps()).toEqual({ name: 'garden.jpg', type: 'image/jpeg', sizeBytes: 1000 });
    expect(pending?.encryption).toEqual(stored.encryption);
    expect(pending?.createdAt).toEqual(stored.createdAt);

    const until = tick();
    await change(stored.id, (found) => found.claimUpload({ uploadId: 'upload-1', by: ada, until }, tick()));
    expect((await load(stored.id))?.uploadClaim).toEqual({ uploadId: 'upload-1', by: ada, until });

    await change(stored.id, (found) => found.completeUpload('upload-1', tick()));
    await change(stored.id, (found) => found.update(ada, details, tick()));
    const updated = await load(stored.id);
    expect(updated).toMatchObject({ state: 'active', uploadClaim: null, version: 4 });
    expect(updated?.details.toProps()).toEqual(details);
    expect(updated?.encryption).toEqual(stored.encryption);

    await change(stored.id, (found) => found.update(ada, { description: null, location: null, createdDate: null, tags: [] }, tick()));
    expect((await load(stored.id))?.details.toProps()).toMatchObject({ description: null, location: null, createdDate: null, tags: [] });

    const removedAt = tick();
    await change(stored.id, (found) => found.remove(ada, removedAt));
    const removed = await load(stored.id);
    expect(removed).toMatchObject({ state: 'removed', encryption: null, uploadClaim: null, version: 6 });
    expect(removed?.modifiedAt).toEqual(removedAt);
    expect(await load(crypto.randomUUID())).toBeNull();
  });

  contract('finds the assets an owner holds (pending, active or hidden), never removed ones nor anyone else’s', async () => {
    const [ada, bob] = [newOwner(), newOwner()];
    const pending = await asset(ada);
    const active = await asset(ada, (created) => {
      created.claimUpload({ uploadId: 'u', by: ada, until: new Date('2031-01-01') }, tick());
      created.completeUpload('u', tick());
    });
    await asset(ada, (created) => created.remove(ada, tick()));
    const bobs = await asset(bob);
    const shared = await asset(bob, undefined, [ada]);

    const held = async (owner: OwnerId) =>
      (await run((tx) => tx.repository(ASSET_REPOSITORY).findHeldBy(owner))).map((found) => found.id).sort();
    expect(await held(ada)).toEqual([pending.id, active.id, shared.id].sort());
    expect(await held(bob)).toEqual([bobs.id, shared.id].sort());
    expect(await held(newOwner())).toEqual([]);
  });

  contract('refuses a save made from a stale read as a concurrency conflict, keeping what was saved first', async () => {
    const ada = newOwner();
    const stored = await asset(ada);
    const [first, second] = [(await load(stored.id))!, (await load(stored.id))!];

    first.update(ada, { title: 'First' }, tick());
    await run(async (tx) => tx.repository(ASSET_REPOSITORY).save(first));
    second.update(ada, { title: 'Second' }, tick());

    await expect(run(async (tx) => tx.repository(ASSET_REPOSITORY).save(second))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await load(stored.id)).toMatchObject({ version: 2, details: expect.objectContaining({ title: 'First' }) });
  });

  const accounts = (tx: Transaction) => tx.repository(STORAGE_ACCOUNT_REPOSITORY);
  const loadAccount = (ownerId: string) => run((tx) => accounts(tx).findById(ownerId));
  const quota = new StorageQuota(10_000);
  const openedFor = (ownerId: OwnerId) => {
    const account = StorageAccount.open(ownerId, tick());
    account.admit(1000, 0, quota, tick());
    return account;
  };

  contract('stores a storage account under its owner’s id and restores it; a second one for the owner is refused', async () => {
    const ada = newOwner();
    const account = openedFor(ada);
    await run(async (tx) => accounts(tx).save(account));

    expect(await loadAccount(ada)).toMatchObject({ id: ada, admittedAssets: 1, version: 1, state: 'active', createdAt: account.createdAt });
    expect(await loadAccount(newOwner())).toBeNull();
    // Another creation that found no account opens one too: its commit clashes on the id and is run again.
    await expect(run(async (tx) => accounts(tx).save(openedFor(ada)))).rejects.toMatchObject({
      collection: 'storage_accounts',
      index: '_id_',
    });
  });

  contract('refuses an admission on a stale read of the account as a concurrency conflict', async () => {
    const ada = newOwner();
    await run(async (tx) => accounts(tx).save(openedFor(ada)));
    const [one, other] = [(await loadAccount(ada))!, (await loadAccount(ada))!];

    one.admit(1000, 1000, quota, tick());
    await run(async (tx) => accounts(tx).save(one));
    other.admit(1000, 1000, quota, tick());

    await expect(run(async (tx) => accounts(tx).save(other))).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(await loadAccount(ada)).toMatchObject({ admittedAssets: 2, version: 2 });
  });

  withWriteConflicts('keeps both of two admissions that read the account at once: the loser runs again on fresh data', async () => {
    const ada = newOwner();
    await run(async (tx) => accounts(tx).save(openedFor(ada)));
    const bothRead = barrier(2);
    const admit = () =>
      run(async (tx) => {
        const account = (await accounts(tx).findById(ada))!;
        await bothRead();
        account.admit(1000, 1000, quota, tick());
        accounts(tx).save(account);
      });

    await Promise.all([admit(), admit()]);

    expect(await loadAccount(ada)).toMatchObject({ admittedAssets: 3, version: 3 });
  });
});
