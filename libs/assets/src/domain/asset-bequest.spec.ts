import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { AssetDetails } from './asset-details.value-object';
import { Asset, type AssetId, type OwnerId } from './asset.aggregate';
import { AssetHiddenError, AssetNotFoundError } from './asset.errors';
import { SharedAssetNotReleasableError } from './asset-release.errors';
import { AssetOwnershipChanged } from './asset.events';
import { DeclaredFile } from './declared-file.value-object';

const at = new Date('2030-01-01T00:00:00Z');
const user = () => crypto.randomUUID() as OwnerId;
const releaseId = crypto.randomUUID();

/** An active asset of `owners`, bookmarked, its events committed. */
function activeAsset(owners: OwnerId[]): Asset {
  const asset = Asset.create(
    {
      id: crypto.randomUUID() as AssetId,
      createdBy: owners[0],
      owners,
      details: AssetDetails.parse({
        title: 'Garden',
        description: null,
        tags: [],
        people: [],
        location: null,
        createdDate: null,
        extraPrivate: false,
        bookmarked: true,
      }),
      file: DeclaredFile.parse({ name: 'garden.jpg', type: 'image/jpeg', sizeBytes: 10 }, 100),
      encryption: { format: 'f', dataKey: { algorithm: 'aes-256-gcm', keyId: 'k1', wrapped: 'w' } },
    },
    at,
  );
  asset.claimUpload({ uploadId: 'u', by: owners[0], until: new Date(at.getTime() + 60_000) }, at);
  asset.completeUpload('u', at);
  asset.markCommitted();
  return asset;
}

/** Under a release, restored as stored: bequests still handle shared assets, though hideFor lets none in. */
function hiddenAsset(owners: OwnerId[]): Asset {
  const asset = activeAsset(owners);
  return Asset.restore(
    asset.id,
    { createdAt: at, modifiedAt: at, version: asset.version, state: 'hidden' },
    { owners: [...asset.owners], details: asset.details, file: asset.file, encryption: asset.encryption, uploadClaim: null },
  );
}

function refusalOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

describe('Asset under releases', () => {
  const [ada, bob, carl] = [user(), user(), user()];

  describe('hideFor', () => {
    it('hides an active asset of the owner: not visible, neither changed nor removed', () => {
      const asset = activeAsset([ada]);

      asset.hideFor(ada, at);

      expect(asset.state).toBe('hidden');
      expect(refusalOf(() => asset.assertVisibleTo(ada))).toBeInstanceOf(AssetNotFoundError);
      expect(refusalOf(() => asset.update(ada, { title: 'New' }, at))).toBeInstanceOf(AssetHiddenError);
      expect(refusalOf(() => asset.remove(ada, at))).toBeInstanceOf(AssetHiddenError);
      expect(asset.pendingEvents).toEqual([]);
    });

    it('keeps a shared asset out of releases (409), so no co-owner loses it from sight', () => {
      const shared = activeAsset([ada, bob]);

      expect(refusalOf(() => shared.hideFor(ada, at))).toBeInstanceOf(SharedAssetNotReleasableError);
      expect(shared.state).toBe('active');
    });

    it('answers someone else’s, a removed or an already hidden asset as not there (404)', () => {
      expect(refusalOf(() => activeAsset([ada]).hideFor(bob, at))).toBeInstanceOf(AssetNotFoundError);
      expect(refusalOf(() => hiddenAsset([ada]).hideFor(ada, at))).toBeInstanceOf(AssetNotFoundError);
      const removed = activeAsset([ada]);
      removed.remove(ada, at);
      expect(refusalOf(() => removed.hideFor(ada, at))).toBeInstanceOf(AssetNotFoundError);
    });
  });

  describe('showAgain', () => {
    it('makes a hidden asset active again with its owners as they were, and leaves any other as it is', () => {
      const asset = hiddenAsset([ada]);

      asset.showAgain(at);
      asset.showAgain(at);

      expect(asset).toMatchObject({ state: 'active', owners: [ada], pendingEvents: [] });
    });
  });

  describe('bequeath', () => {
    it('self: visible again, owners unchanged, no ownership event', () => {
      const asset = hiddenAsset([ada]);

      asset.bequeath(releaseId, 'self', ada, [ada], at);

      expect(asset).toMatchObject({ state: 'active', owners: [ada], pendingEvents: [] });
      expect(asset.details.toProps().bookmarked).toBe(true);
    });

    it('gift: the receivers replace the giver (co-owners stay), bookmarked reset, AssetOwnershipChanged recorded', () => {
      const asset = hiddenAsset([ada, carl]);

      asset.bequeath(releaseId, 'gift', ada, [bob], at);

      expect(asset).toMatchObject({ state: 'active', owners: [carl, bob] });
      expect(asset.details.toProps().bookmarked).toBe(false);
      expect(asset.pendingEvents).toEqual([expect.any(AssetOwnershipChanged)]);
      expect(asset.pendingEvents[0].payload).toEqual({ assetId: asset.id, previousOwners: [ada, carl], owners: [carl, bob], releaseId });
    });

    it('co_ownership: the receivers join the owners, bookmarked kept', () => {
      const asset = hiddenAsset([ada]);

      asset.bequeath(releaseId, 'co_ownership', ada, [bob, carl], at);

      expect(asset).toMatchObject({ state: 'active', owners: [ada, bob, carl] });
      expect(asset.details.toProps().bookmarked).toBe(true);
      expect(asset.pendingEvents[0].payload).toMatchObject({ previousOwners: [ada], owners: [ada, bob, carl] });
    });

    it('co_ownership to receivers who own it already: a no-op, no event', () => {
      const asset = hiddenAsset([ada, bob]);

      asset.bequeath(releaseId, 'co_ownership', ada, [bob], at);

      expect(asset).toMatchObject({ state: 'active', owners: [ada, bob], pendingEvents: [] });
    });
  });

  describe('relinquish', () => {
    it('drops a leaving owner, recording AssetOwnershipChanged without a release', () => {
      const asset = activeAsset([ada, bob]);

      asset.relinquish(ada, at);

      expect(asset.owners).toEqual([bob]);
      expect(asset.pendingEvents[0].payload).toEqual({ assetId: asset.id, previousOwners: [ada, bob], owners: [bob], releaseId: null });
    });

    it('changes nothing for someone who is not an owner, and refuses to leave an asset without owners', () => {
      const asset = activeAsset([ada]);

      asset.relinquish(bob, at);
      expect(asset).toMatchObject({ owners: [ada], pendingEvents: [] });
      expect(refusalOf(() => asset.relinquish(ada, at))).toBeInstanceOf(InvalidInputError);
    });
  });
});
