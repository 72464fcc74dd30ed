import { describe, expect } from '@jest/globals';
import type { PageRequest } from '@keepem/shared/service_layer';
import { contractOn, persistenceDrivers } from '../../../../test/support/persistence-drivers';
import { AssetDetails, type AssetDetailsProps } from '../domain/asset-details.value-object';
import { Asset, type AssetId, type OwnerId } from '../domain/asset.aggregate';
import { DeclaredFile } from '../domain/declared-file.value-object';
import { ASSET_REPOSITORY } from '../service_layer/ports/asset.repository.port';
import type { AssetSortField, AssetsFilter } from '../service_layer/ports/assets.view.port';
import { AssetsPersistenceRegistration } from './assets-persistence.registration';
import { DocumentAssetsView } from './document-assets.view';

const SUITE = 'Assets views contract';

const NO_FILTER: AssetsFilter = { ownerId: null, states: [], fileTypes: [], tags: [], bookmarked: null, extraPrivate: null };

describe.each(persistenceDrivers(SUITE))(`${SUITE}: $name`, (driver) => {
  const { contract, persistence, tick, run } = contractOn(driver, (registry) => new AssetsPersistenceRegistration(registry));
  const view = () => new DocumentAssetsView(persistence().reader);
  const newOwner = () => crypto.randomUUID() as OwnerId;

  interface Made {
    owners?: OwnerId[];
    details?: Partial<AssetDetailsProps>;
    type?: string;
    size?: number;
    state?: 'pending' | 'active' | 'removed';
  }

  async function asset(owner: OwnerId, made: Made = {}): Promise<Asset> {
    const created = Asset.create(
      {
        id: crypto.randomUUID() as AssetId,
        createdBy: owner,
        owners: made.owners ?? [],
        details: AssetDetails.parse({
          title: 'Asset',
          description: null,
          tags: [],
          people: [],
          location: null,
          createdDate: null,
          extraPrivate: false,
          bookmarked: false,
          ...made.details,
        }),
        file: DeclaredFile.parse(
          { name: 'file.bin', type: made.type ?? 'image/jpeg', sizeBytes: made.size ?? 100 },
          Number.MAX_SAFE_INTEGER,
        ),
        encryption: { format: 'chunked-v1', dataKey: { algorithm: 'aes-256-gcm', keyId: 'k1', wrapped: 'secret-wrapped-key' } },
      },
      tick(),
    );
    if (made.state !== 'pending') {
      created.claimUpload({ uploadId: 'u', by: owner, until: new Date('2040-01-01') }, tick());
      created.completeUpload('u', tick());
    }
    if (made.state === 'removed') {
      created.remove(owner, tick());
    }
    await run(async (tx) => tx.repository(ASSET_REPOSITORY).save(created));
    return created;
  }

  const newestFirst: PageRequest<AssetSortField> = { number: 0, size: 20, sort: { field: 'createdAt', direction: 'desc' } };
  const ids = async (filter: Partial<AssetsFilter>, page = newestFirst) => {
    const found = await view().page({ ...NO_FILTER, ...filter }, page);
    return { ids: found.items.map((item) => item.id), total: found.totalElements };
  };
  const idsOf = (...assets: Asset[]) => assets.map((one) => one.id);

  contract('reads one asset as stored, never its data key, and nothing for an unknown id', async () => {
    const [ada, bob] = [newOwner(), newOwner()];
    const stored = await asset(ada, {
      owners: [ada, bob],
      details: { title: 'Garden', description: 'Roses', tags: ['family'], people: ['Rose'], createdDate: '1998', bookmarked: true },
      size: 2048,
    });

    const read = await view().findById(stored.id);
    expect(read).toEqual({
      id: stored.id,
      state: 'active',
      owners: [ada, bob],
      title: 'Garden',
      description: 'Roses',
      tags: ['family'],
      people: ['Rose'],
      location: null,
      createdDate: '1998',
      extraPrivate: false,
      bookmarked: true,
      fileName: 'file.bin',
      fileType: 'image/jpeg',
      fileSizeBytes: 2048,
      createdAt: stored.createdAt,
      modifiedAt: stored.modifiedAt,
    });
    expect(JSON.stringify(read)).not.toContain('secret-wrapped-key');
    expect(await view().findById(crypto.randomUUID())).toBeNull();
  });

  contract('lists an owner’s assets by state, co-owned ones included, newest first, paged', async () => {
    const [ada, bob] = [newOwner(), newOwner()];
    const first = await asset(ada);
    const pending = await asset(ada, { state: 'pending' });
    const shared = await asset(bob, { owners: [bob, ada] });
    await asset(ada, { state: 'removed' });
    const bobs = await asset(bob);

    expect(await ids({ ownerId: ada, states: ['active'] })).toEqual({ ids: idsOf(shared, first), total: 2 });
    expect(await ids({ ownerId: ada, states: ['pending', 'active'] })).toEqual({ ids: idsOf(shared, pending, first), total: 3 });
    expect(await ids({ ownerId: bob })).toEqual({ ids: idsOf(bobs, shared), total: 2 });
    expect((await ids({})).total).toBe(5);
    expect(await ids({ ownerId: ada, states: ['active'] }, { number: 1, size: 1, sort: { field: 'createdAt', direction: 'asc' } })).toEqual(
      {
        ids: idsOf(shared),
        total: 2,
      },
    );
  });

  contract('filters by major or full file types, by any of some tags, and by flags; the filters combine', async () => {
    const ada = newOwner();
    const photo = await asset(ada, { type: 'image/jpeg', details: { tags: ['family', 'summer'], bookmarked: true } });
    const drawing = await asset(ada, { type: 'image/png', details: { tags: ['kids'] } });
    const film = await asset(ada, { type: 'video/mp4', details: { tags: ['summer'], extraPrivate: true } });
    const letter = await asset(ada, { type: 'application/pdf', details: { tags: [] } });
    const mine = { ownerId: ada, states: ['active' as const] };

    expect(await ids({ ...mine, fileTypes: ['image'] })).toEqual({ ids: idsOf(drawing, photo), total: 2 });
    expect(await ids({ ...mine, fileTypes: ['image/png', 'video'] })).toEqual({ ids: idsOf(film, drawing), total: 2 });
    expect(await ids({ ...mine, fileTypes: ['imag'] })).toEqual({ ids: [], total: 0 });
    expect(await ids({ ...mine, tags: ['summer'] })).toEqual({ ids: idsOf(film, photo), total: 2 });
    expect(await ids({ ...mine, tags: ['kids', 'family'] })).toEqual({ ids: idsOf(drawing, photo), total: 2 });
    expect(await ids({ ...mine, fileTypes: ['image', 'application'], tags: ['summer', 'kids'] })).toEqual({
      ids: idsOf(drawing, photo),
      total: 2,
    });
    expect(await ids({ ...mine, bookmarked: true })).toEqual({ ids: idsOf(photo), total: 1 });
    expect(await ids({ ...mine, bookmarked: false, extraPrivate: false })).toEqual({ ids: idsOf(letter, drawing), total: 2 });
  });

  contract('sorts by creation, by title in any case, and by size, either way', async () => {
    const ada = newOwner();
    const zebra = await asset(ada, { details: { title: 'Zebra' }, size: 300 });
    const apple = await asset(ada, { details: { title: 'apple' }, size: 100 });
    const mango = await asset(ada, { details: { title: 'Mango' }, size: 200 });
    const by = (field: AssetSortField, direction: 'asc' | 'desc') =>
      ids({ ownerId: ada }, { number: 0, size: 10, sort: { field, direction } }).then((found) => found.ids);

    expect(await by('createdAt', 'asc')).toEqual(idsOf(zebra, apple, mango));
    expect(await by('title', 'asc')).toEqual(idsOf(apple, mango, zebra));
    expect(await by('title', 'desc')).toEqual(idsOf(zebra, mango, apple));
    expect(await by('size', 'asc')).toEqual(idsOf(apple, mango, zebra));
    expect(await by('size', 'desc')).toEqual(idsOf(zebra, mango, apple));
  });

  contract('reads every holding of an owner for their stats, whatever its state but removed', async () => {
    const [ada, bob] = [newOwner(), newOwner()];
    await asset(ada, { type: 'image/png', size: 10, details: { tags: ['a'] } });
    await asset(ada, { type: 'video/mp4', size: 20, state: 'pending' });
    await asset(ada, { size: 40, state: 'removed' });
    await asset(bob, { size: 80 });

    const holdings = await view().holdingsOf(ada);
    expect(holdings.sort((one, other) => one.fileSizeBytes - other.fileSizeBytes)).toEqual([
      { state: 'active', fileType: 'image/png', fileSizeBytes: 10, tags: ['a'] },
      { state: 'pending', fileType: 'video/mp4', fileSizeBytes: 20, tags: [] },
    ]);
    expect(await view().holdingsOf(newOwner())).toEqual([]);
  });
});
