import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { ASSET_REMOVED_V1 } from '../../contracts';
import { Asset, type OwnerId } from '../../domain/asset.aggregate';
import { AssetHiddenError, AssetNotFoundError } from '../../domain/asset.errors';

describe('RemoveAsset', () => {
  let fixture: AssetsFixture;
  let ada: OwnerId;
  let assetId: string;

  beforeEach(async () => {
    fixture = await assetsFixture();
    ada = fixture.newOwner();
    assetId = await fixture.createAsset(ada, { fileSizeBytes: 1000 });
    await fixture.activate(assetId);
  });
  afterEach(() => fixture.close());

  const removals = async (id: string) => (await fixture.outboxOf(id)).filter((record) => record.type === ASSET_REMOVED_V1.type);

  it('removes the asset for good: its data key is destroyed, its file deleted, and assets.asset-removed.v1 published', async () => {
    expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(true);

    await fixture.removeAsset(ada, assetId);

    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'removed', encryption: null });
    expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(false);
    expect((await removals(assetId)).map((record) => record.payload)).toEqual([
      { asset_id: assetId, owners_id: [ada], removed_by: ada, removed_at: fixture.clock.now().toISOString() },
    ]);
    expect(JSON.stringify(await fixture.outboxOf(assetId))).not.toContain(Asset.storageKeyOf(assetId));
  });

  it('gives the removed asset’s room back under the quota', async () => {
    await fixture.removeAsset(ada, assetId);

    expect(await fixture.heldBy(ada)).toEqual([]);
  });

  it('removes a pending asset too, and answers a second removal as no such asset (404)', async () => {
    const pending = await fixture.createAsset(ada);

    await fixture.removeAsset(ada, pending);
    await expect(fixture.removeAsset(ada, pending)).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await removals(pending)).toHaveLength(1);
  });

  it('commits the removal though the storage cannot delete the file then: the removal event deletes it later', async () => {
    fixture.storage.failDeletes = true;

    await fixture.removeAsset(ada, assetId);

    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'removed', encryption: null });
    expect(fixture.storage.objects.has(Asset.storageKeyOf(assetId))).toBe(true);
    expect(await removals(assetId)).toHaveLength(1);
  });

  it('answers anyone but an owner, and an unknown id, as no such asset (404), removing nothing', async () => {
    await expect(fixture.removeAsset(fixture.newOwner(), assetId)).rejects.toBeInstanceOf(AssetNotFoundError);
    await expect(fixture.removeAsset(ada, crypto.randomUUID())).rejects.toBeInstanceOf(AssetNotFoundError);
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'active' });
    expect(fixture.storage.deleted).toEqual([]);
  });

  it('refuses an owner a hidden asset (409), keeping its key and its file', async () => {
    await fixture.alter(assetId, 'hidden');

    await expect(fixture.removeAsset(ada, assetId)).rejects.toBeInstanceOf(AssetHiddenError);
    expect((await fixture.storedAsset(assetId))?.encryption).not.toBeNull();
    expect(fixture.storage.deleted).toEqual([]);
  });

  itRacing('of two removals at once, removes once and answers the other as no such asset', async () => {
    fixture.pauseAssetsAfter('findById').wait = barrier(2);

    const outcomes = await Promise.allSettled([fixture.removeAsset(ada, assetId), fixture.removeAsset(ada, assetId)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(AssetNotFoundError) });
    expect(await removals(assetId)).toHaveLength(1);
  });

  itRacing.each([
    ['the update commits first', true],
    ['the removal commits first', false],
  ])('an update racing a removal leaves the asset removed: %s', async (_, updateFirst) => {
    let committedFirst: Promise<unknown> | undefined;
    let first = true;
    // The one that read first waits there until the other committed.
    fixture.pauseAssetsAfter('findById').wait = async () => {
      if (first) {
        first = false;
        committedFirst = updateFirst
          ? fixture.updateAsset(ada, assetId, { title: 'Roses' })
          : fixture.removeAsset(ada, assetId).then(() => 'removed');
        await committedFirst.catch(() => undefined);
      }
    };

    const late = updateFirst ? fixture.removeAsset(ada, assetId) : fixture.updateAsset(ada, assetId, { title: 'Roses' });

    if (updateFirst) {
      await expect(late).resolves.toBeUndefined();
      await expect(committedFirst).resolves.toBeUndefined();
      expect((await fixture.outboxOf(assetId)).map((record) => record.type)).toContain('assets.asset-updated.v1');
    } else {
      await expect(late).rejects.toBeInstanceOf(AssetNotFoundError);
    }
    expect(await fixture.storedAsset(assetId)).toMatchObject({ state: 'removed', encryption: null });
    expect(await removals(assetId)).toHaveLength(1);
  });
});
