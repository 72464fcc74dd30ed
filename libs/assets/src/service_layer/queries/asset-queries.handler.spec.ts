import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ForbiddenError } from '@keepem/shared/domain';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { MEBIBYTE } from '../../domain/byte-sizes';
import { DocumentAssetsView } from '../../adapters/document-assets.view';
import type { OwnerId } from '../../domain/asset.aggregate';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { GetAssetStats } from './get-asset-stats.query';
import { GetAssetStatsHandler } from './get-asset-stats.handler';
import { GetAsset } from './get-asset.query';
import { GetAssetHandler } from './get-asset.handler';
import { GetAssetsOfTheWeek } from './get-assets-of-the-week.query';
import { GetAssetsOfTheWeekHandler } from './get-assets-of-the-week.handler';
import { GetTagCloud } from './get-tag-cloud.query';
import { GetTagCloudHandler } from './get-tag-cloud.handler';
import { ListAssets } from './list-assets.query';
import { ListAssetsHandler } from './list-assets.handler';

describe('Asset queries', () => {
  let fixture: AssetsFixture;
  let view: DocumentAssetsView;
  let ada: OwnerId;

  beforeEach(async () => {
    fixture = await assetsFixture({ storageQuotaBytes: 50 * MEBIBYTE });
    view = new DocumentAssetsView(fixture.reader);
    ada = fixture.newOwner();
  });
  afterEach(() => fixture.close());

  const active = async (owner: string, fields: Parameters<AssetsFixture['createAsset']>[1] = {}) => {
    const id = await fixture.createAsset(owner, fields);
    await fixture.activate(id);
    return id;
  };

  describe('GetAsset', () => {
    const get = (assetId: string, readerId: string) =>
      new GetAssetHandler(view).execute(new GetAsset({ assetId, readerId, metadata: fixture.metadata() }));

    it('shows an owner their pending or active asset', async () => {
      const pending = await fixture.createAsset(ada, { title: 'Pending' });
      const shown = await active(ada, { title: 'Shown' });

      expect(await get(pending, ada)).toMatchObject({ id: pending, state: 'pending', title: 'Pending' });
      expect(await get(shown, ada)).toMatchObject({ id: shown, state: 'active', title: 'Shown' });
    });

    it('answers anyone else, an unknown id, and an owner of a hidden or removed asset as no such asset', async () => {
      const [hidden, removed, shown] = [await active(ada), await active(ada), await active(ada)];
      await fixture.alter(hidden, 'hidden');
      await fixture.removeAsset(ada, removed);

      for (const [assetId, readerId] of [
        [shown, fixture.newOwner()],
        [crypto.randomUUID(), ada],
        [hidden, ada],
        [removed, ada],
      ]) {
        await expect(get(assetId, readerId)).rejects.toBeInstanceOf(AssetNotFoundError);
      }
    });
  });

  describe('ListAssets', () => {
    const page = { number: 0, size: 10, sort: { field: 'createdAt' as const, direction: 'desc' as const } };
    const list = (filter: Partial<ListAssets['filter']>, reader: ListAssets['reader']) =>
      new ListAssetsHandler(view).execute(
        new ListAssets({
          filter: { ownerId: ada, states: ['active'], fileTypes: [], tags: [], bookmarked: null, extraPrivate: null, ...filter },
          page,
          reader,
          metadata: fixture.metadata(),
        }),
      );

    it('lists a user’s own active assets, and anything for an administrator', async () => {
      const shown = await active(ada);
      await fixture.createAsset(ada);

      expect((await list({}, { userId: ada, isAdmin: false })).items.map((item) => item.id)).toEqual([shown]);
      expect((await list({ states: [] }, { userId: fixture.newOwner(), isAdmin: true })).totalElements).toBe(2);
    });

    it.each([
      ['someone else’s assets', { ownerId: crypto.randomUUID() }],
      ['every owner’s', { ownerId: null }],
      ['pending ones', { states: ['pending' as const] }],
      ['in every state', { states: [] }],
    ])('refuses a user %s (403)', async (_, filter) => {
      await expect(list(filter, { userId: ada, isAdmin: false })).rejects.toBeInstanceOf(ForbiddenError);
    });
  });

  describe('GetAssetStats', () => {
    const stats = (ownerId: string) =>
      new GetAssetStatsHandler(view, fixture.settings).execute(new GetAssetStats({ ownerId, metadata: fixture.metadata() }));

    it('counts active assets per major type and in all, and the room every held asset takes under the quota', async () => {
      await active(ada, { fileType: 'image/jpeg', fileSizeBytes: 3 * MEBIBYTE });
      await active(ada, { fileType: 'image/png', fileSizeBytes: 1 * MEBIBYTE });
      await active(ada, { fileType: 'video/mp4', fileSizeBytes: 8 * MEBIBYTE });
      await active(ada, { fileType: 'application/pdf', fileSizeBytes: 4 * MEBIBYTE });
      await fixture.createAsset(ada, { fileType: 'video/mp4', fileSizeBytes: 2 * MEBIBYTE });
      await fixture.removeAsset(ada, await active(ada, { fileSizeBytes: 5 * MEBIBYTE }));
      await active(fixture.newOwner(), { fileSizeBytes: 9 * MEBIBYTE });

      expect(await stats(ada)).toEqual({
        byType: [
          { type: 'video', count: 1, sizeBytes: 8 * MEBIBYTE },
          { type: 'application', count: 1, sizeBytes: 4 * MEBIBYTE },
          { type: 'image', count: 2, sizeBytes: 4 * MEBIBYTE },
        ],
        total: { count: 4, sizeBytes: 16 * MEBIBYTE },
        quotaBytes: 50 * MEBIBYTE,
        usedBytes: 18 * MEBIBYTE,
        freeBytes: 32 * MEBIBYTE,
      });
    });

    it('answers an owner without assets with zeros and the whole quota free', async () => {
      expect(await stats(ada)).toEqual({
        byType: [],
        total: { count: 0, sizeBytes: 0 },
        quotaBytes: 50 * MEBIBYTE,
        usedBytes: 0,
        freeBytes: 50 * MEBIBYTE,
      });
    });
  });

  describe('GetTagCloud', () => {
    it('counts the tags of active assets, the 8 most used first, ties in alphabetical order', async () => {
      await active(ada, { tags: ['family', 'summer', 'sea'] });
      await active(ada, { tags: ['Family', 'summer'] });
      await active(ada, { tags: ['family', 'a', 'b', 'c', 'd', 'e', 'f'] });
      await fixture.createAsset(ada, { tags: ['pending-only'] });
      await active(fixture.newOwner(), { tags: ['someone-else'] });

      const cloud = await new GetTagCloudHandler(view).execute(new GetTagCloud({ ownerId: ada, metadata: fixture.metadata() }));

      expect(cloud).toEqual([
        { tag: 'family', count: 3 },
        { tag: 'summer', count: 2 },
        { tag: 'a', count: 1 },
        { tag: 'b', count: 1 },
        { tag: 'c', count: 1 },
        { tag: 'd', count: 1 },
        { tag: 'e', count: 1 },
        { tag: 'f', count: 1 },
      ]);
    });
  });

  describe('GetAssetsOfTheWeek', () => {
    const ofTheWeek = (ownerId: string) =>
      new GetAssetsOfTheWeekHandler(view).execute(new GetAssetsOfTheWeek({ ownerId, metadata: fixture.metadata() }));
    const DAY = 24 * 60 * 60_000;

    it('picks two of the owner’s active assets, never an extra-private one, and the same two all week', async () => {
      const shown: string[] = [];
      for (let index = 0; index < 8; index++) {
        shown.push(await active(ada, { title: `Asset ${index}` }));
      }
      const secret = await active(ada, { extraPrivate: true });
      await fixture.createAsset(ada);
      // 2030-01-01 is a Tuesday: the week runs until Sunday the 6th.
      const thisWeek = await ofTheWeek(ada);
      expect(thisWeek.week).toBe('2030-W01');
      expect(thisWeek.assets).toHaveLength(2);
      expect(thisWeek.assets.every((asset) => shown.includes(asset.id))).toBe(true);
      expect(new Set(thisWeek.assets.map((asset) => asset.id)).size).toBe(2);

      fixture.clock.advance(5 * DAY - 1);
      expect((await ofTheWeek(ada)).assets.map((asset) => asset.id)).toEqual(thisWeek.assets.map((asset) => asset.id));
      const weeks = new Set<string>();
      for (let week = 0; week < 12; week++) {
        fixture.clock.advance(7 * DAY);
        const picks = await ofTheWeek(ada);
        expect(picks.assets.map((asset) => asset.id)).not.toContain(secret);
        weeks.add(picks.assets.map((asset) => asset.id).join());
      }
      // Other weeks, other picks (not always: twelve draws of 2 in 8 repeat some).
      expect(weeks.size).toBeGreaterThan(3);
    });

    it('gives what there is when an owner has fewer than two', async () => {
      expect((await ofTheWeek(ada)).assets).toEqual([]);
      const only = await active(ada);
      expect((await ofTheWeek(ada)).assets.map((asset) => asset.id)).toEqual([only]);
    });
  });
});
