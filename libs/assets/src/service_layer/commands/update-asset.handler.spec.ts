import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { ASSET_UPDATED_V1 } from '../../contracts';
import type { OwnerId } from '../../domain/asset.aggregate';
import { AssetHiddenError, AssetNotFoundError } from '../../domain/asset.errors';

describe('UpdateAsset', () => {
  let fixture: AssetsFixture;
  let ada: OwnerId;
  let assetId: string;

  beforeEach(async () => {
    fixture = await assetsFixture();
    ada = fixture.newOwner();
    assetId = await fixture.createAsset(ada, {
      title: 'Garden',
      description: 'Roses',
      tags: ['family'],
      people: ['Rose'],
      location: 'Lyon',
      createdDate: '1998',
    });
  });
  afterEach(() => fixture.close());

  const detailsOf = async (id: string) => (await fixture.storedAsset(id))?.details.toProps();
  const updates = async (id: string) => (await fixture.outboxOf(id)).filter((record) => record.type === ASSET_UPDATED_V1.type);

  it('changes only the fields given, and publishes which changed, in the API’s names', async () => {
    fixture.clock.advance(60_000);
    await fixture.updateAsset(ada, assetId, { title: ' Grandma’s garden ', createdDate: 'summer 1998', bookmarked: true });

    expect(await detailsOf(assetId)).toEqual({
      title: 'Grandma’s garden',
      description: 'Roses',
      tags: ['family'],
      people: ['Rose'],
      location: 'Lyon',
      createdDate: 'summer 1998',
      extraPrivate: false,
      bookmarked: true,
    });
    expect((await fixture.storedAsset(assetId))?.modifiedAt).toEqual(fixture.clock.now());
    expect((await updates(assetId)).map((record) => record.payload)).toEqual([
      {
        asset_id: assetId,
        updated_by: ada,
        changed: ['title', 'created_date', 'bookmarked'],
        updated_at: fixture.clock.now().toISOString(),
      },
    ]);
  });

  it('clears optional texts given as null, and replaces lists given', async () => {
    await fixture.updateAsset(ada, assetId, { description: null, location: null, createdDate: null, tags: ['Summer'], people: [] });

    expect(await detailsOf(assetId)).toMatchObject({ description: null, location: null, createdDate: null, tags: ['summer'], people: [] });
  });

  it('changes nothing, and publishes nothing, when the values are the ones stored', async () => {
    const before = await fixture.storedAsset(assetId);
    await fixture.updateAsset(ada, assetId, { title: 'Garden', tags: ['Family'] });
    await fixture.updateAsset(ada, assetId, {});

    expect((await fixture.storedAsset(assetId))?.version).toBe(before?.version);
    expect(await updates(assetId)).toEqual([]);
  });

  it('updates an active asset as a pending one', async () => {
    await fixture.activate(assetId);
    await fixture.updateAsset(ada, assetId, { title: 'Roses' });

    expect(await detailsOf(assetId)).toMatchObject({ title: 'Roses' });
  });

  it.each([
    ['a null title', { title: null as unknown as string }, 'title'],
    ['a blank title', { title: ' ' }, 'title'],
    ['a location too long', { location: 'x'.repeat(201) }, 'location'],
  ])('refuses %s, naming the field, and changes nothing', async (_, changes, field) => {
    const refused = fixture.updateAsset(ada, assetId, changes);

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field }] });
    expect(await detailsOf(assetId)).toMatchObject({ title: 'Garden', location: 'Lyon' });
  });

  it('answers anyone but an owner, and an unknown id, as no such asset (404), changing nothing', async () => {
    await expect(fixture.updateAsset(fixture.newOwner(), assetId, { title: 'Mine now' })).rejects.toBeInstanceOf(AssetNotFoundError);
    await expect(fixture.updateAsset(ada, crypto.randomUUID(), { title: 'Mine now' })).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await detailsOf(assetId)).toMatchObject({ title: 'Garden' });
  });

  it('refuses an owner a hidden asset (409), and tells anyone else it does not exist', async () => {
    await fixture.alter(assetId, 'hidden');

    await expect(fixture.updateAsset(ada, assetId, { title: 'New' })).rejects.toBeInstanceOf(AssetHiddenError);
    await expect(fixture.updateAsset(fixture.newOwner(), assetId, { title: 'New' })).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await detailsOf(assetId)).toMatchObject({ title: 'Garden' });
  });

  it('answers a removed asset as no such asset', async () => {
    await fixture.removeAsset(ada, assetId);

    await expect(fixture.updateAsset(ada, assetId, { title: 'New' })).rejects.toBeInstanceOf(AssetNotFoundError);
  });

  itRacing('keeps both of two updates of different fields that read the asset at once: the loser runs again', async () => {
    fixture.pauseAssetsAfter('findById').wait = barrier(2);

    await Promise.all([fixture.updateAsset(ada, assetId, { title: 'Roses' }), fixture.updateAsset(ada, assetId, { bookmarked: true })]);

    expect(await detailsOf(assetId)).toMatchObject({ title: 'Roses', bookmarked: true });
    expect(await updates(assetId)).toHaveLength(2);
  });
});
