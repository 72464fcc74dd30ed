import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { MEBIBYTE } from '../../domain/byte-sizes';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { ASSET_CREATED_V1 } from '../../contracts';
import { FileTooLargeError, OtherOwnersNotAllowedError, StorageQuotaExceededError } from '../../domain/asset.errors';

describe('CreateAsset', () => {
  let fixture: AssetsFixture;

  beforeEach(async () => {
    fixture = await assetsFixture({ maxUploadBytes: 10 * MEBIBYTE, storageQuotaBytes: 20 * MEBIBYTE });
  });
  afterEach(() => fixture.close());

  it('stores a pending asset with a data key of its own, and assets.asset-created.v1 in the outbox', async () => {
    const ada = fixture.newOwner();

    const assetId = await fixture.createAsset(ada, {
      title: '  Grandma’s garden ',
      description: 'Her roses',
      tags: ['Family', 'summer', 'family'],
      people: ['Rose'],
      location: 'Lyon',
      createdDate: 'summer 1998',
      bookmarked: true,
      fileName: 'garden.jpg',
      fileType: 'Image/JPEG',
      fileSizeBytes: 2 * MEBIBYTE,
    });

    const asset = await fixture.storedAsset(assetId);
    expect(asset?.state).toBe('pending');
    expect(asset?.owners).toEqual([ada]);
    expect(asset?.details.toProps()).toEqual({
      title: 'Grandma’s garden',
      description: 'Her roses',
      tags: ['family', 'summer'],
      people: ['Rose'],
      location: 'Lyon',
      createdDate: 'summer 1998',
      extraPrivate: false,
      bookmarked: true,
    });
    expect(asset?.file.toProps()).toEqual({ name: 'garden.jpg', type: 'image/jpeg', sizeBytes: 2 * MEBIBYTE });
    expect(asset?.encryption).toEqual({ format: fixture.cipher.format, dataKey: fixture.dataKeys.generated[0] });
    expect((await fixture.storedAccount(ada))?.admittedAssets).toBe(1);
    const records = await fixture.outboxOf(assetId);
    expect(records.map((record) => [record.type, record.payload])).toEqual([
      [
        ASSET_CREATED_V1.type,
        {
          asset_id: assetId,
          owners_id: [ada],
          created_by: ada,
          title: 'Grandma’s garden',
          file_name: 'garden.jpg',
          file_type: 'image/jpeg',
          file_size_bytes: 2 * MEBIBYTE,
          created_at: fixture.clock.now().toISOString(),
        },
      ],
    ]);
  });

  it('gives every asset a data key of its own', async () => {
    const ada = fixture.newOwner();
    const [one, other] = [await fixture.createAsset(ada), await fixture.createAsset(ada)];

    const keys = [(await fixture.storedAsset(one))?.encryption?.dataKey, (await fixture.storedAsset(other))?.encryption?.dataKey];
    expect(keys[0]).not.toEqual(keys[1]);
  });

  it('accepts the caller named as the owner, once or twice', async () => {
    const ada = fixture.newOwner();
    const assetId = await fixture.createAsset(ada, { owners: [ada, ada] });

    expect((await fixture.storedAsset(assetId))?.owners).toEqual([ada]);
  });

  it.each([
    ['someone else beside the caller', (me: string) => [me, crypto.randomUUID()]],
    ['someone else instead of the caller', () => [crypto.randomUUID()]],
  ])('refuses %s as an owner (422) and stores nothing', async (_, owners) => {
    const ada = fixture.newOwner();

    await expect(fixture.createAsset(ada, { owners: owners(ada) })).rejects.toBeInstanceOf(OtherOwnersNotAllowedError);
    expect(await fixture.heldBy(ada)).toEqual([]);
    expect(await fixture.storedAccount(ada)).toBeNull();
  });

  it('refuses a file declared larger than MAX_UPLOAD_BYTES (413), and takes one of exactly that size', async () => {
    const ada = fixture.newOwner();

    await expect(fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE + 1 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await fixture.heldBy(ada)).toEqual([]);
    await expect(fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE })).resolves.toEqual(expect.any(String));
  });

  it.each([
    ['a blank title', { title: '  ' }, 'title'],
    ['a file name with a path', { fileName: '../etc/passwd' }, 'fileName'],
    ['a file type that is no media type', { fileType: 'jpeg' }, 'fileType'],
    ['a negative size', { fileSizeBytes: -1 }, 'fileSizeBytes'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, index) => `tag${index}`) }, 'tags'],
  ])('refuses %s, naming the field, and stores nothing', async (_, fields, field) => {
    const ada = fixture.newOwner();

    const refused = fixture.createAsset(ada, fields);
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field }] });
    expect(await fixture.heldBy(ada)).toEqual([]);
  });

  describe('the storage quota', () => {
    it('counts the declared sizes of every asset the owner holds, pending, active or hidden, and not removed ones', async () => {
      const ada = fixture.newOwner();
      const pending = await fixture.createAsset(ada, { fileSizeBytes: 5 * MEBIBYTE });
      const active = await fixture.createAsset(ada, { fileSizeBytes: 5 * MEBIBYTE });
      await fixture.activate(active);
      const hidden = await fixture.createAsset(ada, { fileSizeBytes: 5 * MEBIBYTE });
      await fixture.alter(hidden, 'hidden');
      const removed = await fixture.createAsset(ada, { fileSizeBytes: 4 * MEBIBYTE });
      await fixture.alter(removed, 'removed');

      // 15 MB held of 20: 5 fit, 5 and a byte do not, whatever was removed.
      const refused = fixture.createAsset(ada, { fileSizeBytes: 5 * MEBIBYTE + 1 });
      await expect(refused).rejects.toBeInstanceOf(StorageQuotaExceededError);
      await expect(refused).rejects.toMatchObject({ kind: 'conflict', message: expect.stringContaining('15.0 MB used') });
      await expect(fixture.createAsset(ada, { fileSizeBytes: 5 * MEBIBYTE })).resolves.toEqual(expect.any(String));
      expect(await fixture.heldBy(ada)).toHaveLength(4);
      expect([pending, active, hidden].every(Boolean)).toBe(true);
    });

    it('is each owner’s own: one owner’s assets take nothing from another’s room', async () => {
      const [ada, bob] = [fixture.newOwner(), fixture.newOwner()];
      await fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE });
      await fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE });

      await expect(fixture.createAsset(ada, { fileSizeBytes: 1 })).rejects.toBeInstanceOf(StorageQuotaExceededError);
      await expect(fixture.createAsset(bob, { fileSizeBytes: 10 * MEBIBYTE })).resolves.toEqual(expect.any(String));
    });

    itRacing.each([
      ['a first asset (both open the account)', false],
      ['a later asset (both write the account)', true],
    ])(
      'of two creations at once for one owner, each fitting alone (10 of 15 MB) but not together, lets one in: %s',
      async (_, hasAccount) => {
        await fixture.close();
        fixture = await assetsFixture({ maxUploadBytes: 10 * MEBIBYTE, storageQuotaBytes: 15 * MEBIBYTE });
        const ada = fixture.newOwner();
        if (hasAccount) {
          await fixture.createAsset(ada, { fileSizeBytes: 1 });
        }
        fixture.pauseAssetsAfter('findHeldBy').wait = barrier(2);

        const outcomes = await Promise.allSettled([
          fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE }),
          fixture.createAsset(ada, { fileSizeBytes: 10 * MEBIBYTE }),
        ]);

        const won = outcomes.filter((outcome): outcome is PromiseFulfilledResult<string> => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((outcome) => outcome.reason)).toEqual([expect.any(StorageQuotaExceededError)]);
        expect(await fixture.heldBy(ada)).toHaveLength(hasAccount ? 2 : 1);
        expect((await fixture.storedAccount(ada))?.admittedAssets).toBe(hasAccount ? 2 : 1);
      },
    );
  });
});
