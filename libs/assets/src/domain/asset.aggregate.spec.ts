import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { AssetDetails } from './asset-details.value-object';
import { Asset, AssetId, OwnerId } from './asset.aggregate';
import { AssetHiddenError, AssetNotFoundError, AssetNotPendingError, UploadClaimLostError, UploadInProgressError } from './asset.errors';
import { AssetCreated, AssetFileUploaded, AssetRemoved, AssetUpdated } from './asset.events';
import { DeclaredFile } from './declared-file.value-object';

const at = new Date('2026-01-01T00:00:00Z');
const seconds = (count: number) => new Date(at.getTime() + count * 1000);
const ownerId = () => crypto.randomUUID() as OwnerId;
const encryption = { format: 'test-format', dataKey: { algorithm: 'aes-256-gcm', keyId: 'k1', wrapped: 'd3JhcHBlZA==' } };

function details(title = 'Summer 1998') {
  return AssetDetails.parse({
    title,
    description: null,
    tags: [],
    people: [],
    location: null,
    createdDate: null,
    extraPrivate: false,
    bookmarked: false,
  });
}

function created(owners: OwnerId[] = []) {
  const creator = owners[0] ?? ownerId();
  const asset = Asset.create(
    {
      id: crypto.randomUUID() as AssetId,
      createdBy: creator,
      owners,
      details: details(),
      file: DeclaredFile.parse({ name: 'beach.jpg', type: 'image/jpeg', sizeBytes: 10 }, 100),
      encryption,
    },
    at,
  );
  asset.markCommitted();
  return { asset, creator, stranger: ownerId() };
}

function active() {
  const fixture = created();
  fixture.asset.claimUpload({ uploadId: 'u1', by: fixture.creator, until: seconds(60) }, at);
  fixture.asset.completeUpload('u1', seconds(1));
  fixture.asset.markCommitted();
  return fixture;
}

function refusalOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

describe('Asset', () => {
  describe('create', () => {
    it('is pending, owned by its creator alone when no owners are given, and records AssetCreated', () => {
      const creator = ownerId();
      const asset = Asset.create(
        {
          id: '0123abcd-0000-4000-8000-000000000000' as AssetId,
          createdBy: creator,
          owners: [],
          details: details(),
          file: DeclaredFile.parse({ name: 'beach.jpg', type: 'Image/JPEG; charset=x', sizeBytes: 10 }, 100),
          encryption,
        },
        at,
      );

      expect(asset.state).toBe('pending');
      expect(asset.owners).toEqual([creator]);
      expect(asset.file.type).toBe('image/jpeg');
      expect(asset.storageKey).toBe('0123/0123abcd-0000-4000-8000-000000000000.enc');
      expect(asset.pendingEvents).toEqual([expect.any(AssetCreated)]);
      expect(asset.pendingEvents[0].payload).toMatchObject({ owners: [creator], createdBy: creator, fileSizeBytes: 10 });
    });

    it('keeps each owner once and refuses owners that leave out the creator', () => {
      const [creator, other] = [ownerId(), ownerId()];
      expect(created([creator, other, creator]).asset.owners).toEqual([creator, other]);

      const refusal = refusalOf(() =>
        Asset.create(
          {
            id: crypto.randomUUID() as AssetId,
            createdBy: creator,
            owners: [other],
            details: details(),
            file: DeclaredFile.parse({ name: 'a.txt', type: 'text/plain', sizeBytes: 1 }, 100),
            encryption,
          },
          at,
        ),
      );
      expect(refusal).toBeInstanceOf(InvalidInputError);
    });
  });

  describe('upload', () => {
    it('is claimed by one upload at a time, and completing it makes the asset active', () => {
      const { asset, creator } = created();
      asset.claimUpload({ uploadId: 'u1', by: creator, until: seconds(60) }, at);

      expect(refusalOf(() => asset.claimUpload({ uploadId: 'u2', by: creator, until: seconds(70) }, seconds(10)))).toBeInstanceOf(
        UploadInProgressError,
      );
      asset.completeUpload('u1', seconds(20));

      expect(asset.state).toBe('active');
      expect(asset.uploadClaim).toBeNull();
      expect(asset.pendingEvents.at(-1)).toBeInstanceOf(AssetFileUploaded);
      expect(refusalOf(() => asset.claimUpload({ uploadId: 'u3', by: creator, until: seconds(90) }, seconds(30)))).toBeInstanceOf(
        AssetNotPendingError,
      );
    });

    it('lets a new upload overtake a lapsed one, which can then neither renew nor complete', () => {
      const { asset, creator } = created();
      asset.claimUpload({ uploadId: 'slow', by: creator, until: seconds(60) }, at);
      asset.claimUpload({ uploadId: 'fresh', by: creator, until: seconds(120) }, seconds(61));

      expect(asset.isHeldBy('slow')).toBe(false);
      expect(refusalOf(() => asset.renewUploadClaim('slow', seconds(180), seconds(62)))).toBeInstanceOf(UploadClaimLostError);
      expect(refusalOf(() => asset.completeUpload('slow', seconds(63)))).toBeInstanceOf(UploadClaimLostError);
      asset.releaseUploadClaim('slow', seconds(64));
      expect(asset.isHeldBy('fresh')).toBe(true);
    });

    it('renews a held claim and releases it so that the owner may try again at once', () => {
      const { asset, creator } = created();
      asset.claimUpload({ uploadId: 'u1', by: creator, until: seconds(60) }, at);
      asset.renewUploadClaim('u1', seconds(120), seconds(50));
      expect(asset.uploadClaim?.until).toEqual(seconds(120));

      asset.releaseUploadClaim('u1', seconds(51));
      asset.claimUpload({ uploadId: 'u2', by: creator, until: seconds(111) }, seconds(52));
      expect(asset.isHeldBy('u2')).toBe(true);
    });

    it('is not open to anyone but an owner, who is told there is no such asset', () => {
      const { asset, stranger } = created();
      expect(refusalOf(() => asset.claimUpload({ uploadId: 'u1', by: stranger, until: seconds(60) }, at))).toBeInstanceOf(
        AssetNotFoundError,
      );
    });
  });

  describe('read', () => {
    it('gives an owner the file of an active asset only', () => {
      const pending = created();
      expect(refusalOf(() => pending.asset.fileReadableBy(pending.creator))).toBeInstanceOf(AssetNotFoundError);

      const { asset, creator, stranger } = active();
      expect(asset.fileReadableBy(creator)).toEqual(encryption);
      expect(refusalOf(() => asset.fileReadableBy(stranger))).toBeInstanceOf(AssetNotFoundError);
    });
  });

  describe('update', () => {
    it('changes only the fields given and names them in AssetUpdated', () => {
      const { asset, creator } = active();
      asset.update(creator, { tags: ['Beach', 'beach ', 'family'], bookmarked: true }, seconds(5));

      expect(asset.details.toProps()).toMatchObject({ title: 'Summer 1998', tags: ['beach', 'family'], bookmarked: true });
      expect(asset.pendingEvents).toEqual([expect.any(AssetUpdated)]);
      expect(asset.pendingEvents[0].payload).toMatchObject({ changed: ['tags', 'bookmarked'] });
      expect(asset.modifiedAt).toEqual(seconds(5));
    });

    it('records nothing when nothing changes', () => {
      const { asset, creator } = active();
      asset.update(creator, { title: ' Summer 1998 ' }, seconds(5));
      expect(asset.pendingEvents).toEqual([]);
      expect(asset.modifiedAt).toEqual(seconds(1));
    });

    it('clears optional text with null and refuses a blank title', () => {
      const { asset, creator } = active();
      asset.update(creator, { description: 'long ago' }, seconds(5));
      asset.update(creator, { description: null }, seconds(6));
      expect(asset.details.toProps().description).toBeNull();
      expect(refusalOf(() => asset.update(creator, { title: '   ' }, seconds(7)))).toBeInstanceOf(InvalidInputError);
    });

    it('refuses a hidden asset to its owner (409) and hides it from anyone else (404)', () => {
      const { asset, creator, stranger } = active();
      const hidden = Asset.restore(
        asset.id,
        { createdAt: at, modifiedAt: at, version: 3, state: 'hidden' },
        {
          owners: [creator],
          details: asset.details,
          file: asset.file,
          encryption,
          uploadClaim: null,
        },
      );

      expect(refusalOf(() => hidden.update(creator, { bookmarked: true }, seconds(5)))).toBeInstanceOf(AssetHiddenError);
      expect(refusalOf(() => hidden.remove(creator, seconds(5)))).toBeInstanceOf(AssetHiddenError);
      expect(refusalOf(() => hidden.update(stranger, { bookmarked: true }, seconds(5)))).toBeInstanceOf(AssetNotFoundError);
    });
  });

  describe('remove', () => {
    it('destroys the data key, records AssetRemoved naming the asset and who removed it, and is final', () => {
      const { asset, creator } = active();
      asset.remove(creator, seconds(5));

      expect(asset.state).toBe('removed');
      expect(asset.encryption).toBeNull();
      expect(asset.pendingEvents).toEqual([expect.any(AssetRemoved)]);
      expect(asset.pendingEvents[0].payload).toEqual({ assetId: asset.id, owners: [creator], removedBy: creator });
      expect(refusalOf(() => asset.remove(creator, seconds(6)))).toBeInstanceOf(AssetNotFoundError);
      expect(refusalOf(() => asset.update(creator, { bookmarked: true }, seconds(6)))).toBeInstanceOf(AssetNotFoundError);
    });

    it('ends a pending upload: the upload can no longer complete', () => {
      const { asset, creator } = created();
      asset.claimUpload({ uploadId: 'u1', by: creator, until: seconds(60) }, at);
      asset.remove(creator, seconds(5));
      expect(refusalOf(() => asset.completeUpload('u1', seconds(6)))).toBeInstanceOf(UploadClaimLostError);
    });
  });

  describe('rewrapDataKey', () => {
    it('swaps the wrapped key and leaves a removed asset without one', () => {
      const { asset, creator } = active();
      const rewrapped = { algorithm: 'aes-256-gcm', keyId: 'k2', wrapped: 'bmV3' };
      asset.rewrapDataKey(rewrapped);
      expect(asset.encryption?.dataKey).toEqual(rewrapped);

      asset.remove(creator, seconds(5));
      asset.rewrapDataKey(rewrapped);
      expect(asset.encryption).toBeNull();
    });
  });

  it('is never changed once removed, even by a claim', () => {
    const { asset, creator } = created();
    asset.remove(creator, seconds(5));
    expect(refusalOf(() => asset.claimUpload({ uploadId: 'u1', by: creator, until: seconds(60) }, seconds(6)))).toBeInstanceOf(
      AssetNotFoundError,
    );
  });
});
