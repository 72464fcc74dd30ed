import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ConcurrencyConflictError, InvalidInputError } from '@keepem/shared/domain';
import { AssetUploads, SentSource, UPLOAD_LEASE } from '../../../../../test/support/asset-uploads';
import { readAll } from '../../../../../test/support/byte-streams';
import { assetsFixture, type AssetsFixture } from '../../../../../test/support/assets-handlers';
import { barrier } from '../../../../../test/support/barrier';
import { itRacing } from '../../../../../test/support/racing';
import { ASSET_CREATED_V1, ASSET_FILE_UPLOADED_V1 } from '../../contracts';
import { Asset } from '../../domain/asset.aggregate';
import {
  AssetNotFoundError,
  AssetNotPendingError,
  FileMismatchError,
  FileTooLargeError,
  InvalidUploadTokenError,
  UploadClaimLostError,
  UploadInProgressError,
  UploadStalledError,
} from '../../domain/asset.errors';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';

const KIB = 1024;

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('UploadAssetFile', () => {
  let fixture: AssetsFixture;
  let uploads: AssetUploads;
  let ada: string;

  beforeEach(async () => {
    fixture = await assetsFixture({ maxUploadBytes: 64 * KIB });
    uploads = new AssetUploads(fixture);
    ada = fixture.newOwner();
  });
  afterEach(() => fixture.close());

  const pendingPhoto = (sizeBytes = 1000) =>
    fixture.createAsset(ada, { fileName: 'garden.jpg', fileType: 'image/jpeg', fileSizeBytes: sizeBytes });
  const remove = (assetId: string) =>
    fixture.load(async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = (await assets.findById(assetId))!;
      asset.remove(ada, fixture.clock.now());
      assets.save(asset);
    });
  const stateOf = async (assetId: string) => (await fixture.storedAsset(assetId))?.state;
  const claimOf = async (assetId: string) => (await fixture.storedAsset(assetId))?.uploadClaim;

  /** Refused, and left as it was: pending, unclaimed, nothing stored. */
  async function expectUntouched(assetId: string): Promise<void> {
    expect(await stateOf(assetId)).toBe('pending');
    expect(await claimOf(assetId)).toBeNull();
    expect(fixture.storage.objects.size).toBe(0);
  }

  it('stores the file encrypted, makes the asset active and publishes assets.asset-file-uploaded.v1', async () => {
    const assetId = await pendingPhoto(3000);
    const bytes = [Buffer.alloc(1000, 1), Buffer.alloc(1000, 2), Buffer.alloc(1000, 3)];

    await uploads.upload(assetId, ada, new SentSource({ bytes, announcedBytes: 3000 }));

    const asset = (await fixture.storedAsset(assetId))!;
    expect(asset.state).toBe('active');
    expect(asset.uploadClaim).toBeNull();
    expect([...fixture.storage.objects.keys()]).toEqual([Asset.storageKeyOf(assetId)]);
    const file = await uploads.file(assetId, ada);
    expect(await readAll(file.read())).toEqual(Buffer.concat(bytes));
    expect(file).toMatchObject({ name: 'garden.jpg', type: 'image/jpeg', sizeBytes: 3000, revision: assetId });
    expect((await fixture.outboxOf(assetId)).map((record) => [record.type, record.payload])).toEqual([
      [ASSET_CREATED_V1.type, expect.anything()],
      [
        ASSET_FILE_UPLOADED_V1.type,
        {
          asset_id: assetId,
          owners_id: [ada],
          uploaded_by: ada,
          file_type: 'image/jpeg',
          file_size_bytes: 3000,
          uploaded_at: fixture.clock.now().toISOString(),
        },
      ],
    ]);
  });

  it('takes an empty file declared empty', async () => {
    const assetId = await pendingPhoto(0);

    await uploads.upload(assetId, ada, new SentSource({ bytes: [] }));

    expect(await stateOf(assetId)).toBe('active');
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(0));
  });

  it('matches the type by its essence, whatever its case and parameters', async () => {
    const assetId = await pendingPhoto();

    await uploads.upload(assetId, ada, new SentSource({ type: 'Image/JPEG; q=1' }));

    expect(await stateOf(assetId)).toBe('active');
  });

  describe('checks the token before it reads a byte', () => {
    it.each([
      ['a forged token', () => 'not.a.token', 'unauthenticated'],
      ['a token for another user', (assetId: string) => uploads.tokenFor(assetId, fixture.newOwner()), 'not_found'],
      ['a token for another asset', () => uploads.tokenFor(crypto.randomUUID(), ada), 'not_found'],
    ])('refuses %s', async (_, tokenFor, kind) => {
      const assetId = await pendingPhoto();
      const source = new SentSource({});

      const refused = uploads.upload(assetId, ada, source, tokenFor(assetId));

      await expect(refused).rejects.toBeInstanceOf(InvalidUploadTokenError);
      await expect(refused).rejects.toMatchObject({ kind });
      expect(source.opened).toBe(false);
      await expectUntouched(assetId);
    });

    it('refuses a missing token as a bad one', async () => {
      const assetId = await pendingPhoto();
      const source = new SentSource({});

      await expect(uploads.upload(assetId, ada, source, '')).rejects.toMatchObject({ kind: 'unauthenticated' });
      expect(source.opened).toBe(false);
      await expectUntouched(assetId);
    });

    it('answers anyone but an owner as not found, whatever token they hold', async () => {
      const assetId = await pendingPhoto();
      const stranger = fixture.newOwner();

      for (const token of ['not.a.token', uploads.tokenFor(assetId, stranger), uploads.tokenFor(assetId, ada)]) {
        const source = new SentSource({});
        await expect(uploads.upload(assetId, stranger, source, token)).rejects.toBeInstanceOf(AssetNotFoundError);
        expect(source.opened).toBe(false);
      }
      await expectUntouched(assetId);
    });

    it('refuses an expired token', async () => {
      const assetId = await pendingPhoto();
      const token = uploads.tokenFor(assetId, ada);
      fixture.clock.advance(301_000);
      const source = new SentSource({});

      await expect(uploads.upload(assetId, ada, source, token)).rejects.toMatchObject({ kind: 'unauthenticated' });
      expect(source.opened).toBe(false);
      await expectUntouched(assetId);
    });
  });

  it('answers an asset that does not exist, or is removed, as not found, reading nothing', async () => {
    const unknown = crypto.randomUUID();
    const removed = await pendingPhoto();
    await remove(removed);

    for (const assetId of [unknown, removed]) {
      const source = new SentSource({});
      await expect(uploads.upload(assetId, ada, source)).rejects.toBeInstanceOf(AssetNotFoundError);
      expect(source.opened).toBe(false);
    }
  });

  it('refuses a second file for an active asset with a conflict, reading nothing and keeping the first', async () => {
    const assetId = await pendingPhoto();
    await uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(1000, 1) }));
    const source = new SentSource({ bytes: Buffer.alloc(1000, 2) });

    await expect(uploads.upload(assetId, ada, source)).rejects.toBeInstanceOf(AssetNotPendingError);

    expect(source.opened).toBe(false);
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, 1));
  });

  it('refuses a hidden asset as not found', async () => {
    const assetId = await pendingPhoto();
    await fixture.alter(assetId, 'hidden');

    await expect(uploads.upload(assetId, ada, new SentSource({}))).rejects.toBeInstanceOf(AssetNotFoundError);
  });

  describe('refuses a file other than the one declared, storing nothing and letting go of the asset', () => {
    it.each([
      ['another name', { name: 'garden.png' }, 'fileName'],
      ['no name', { name: '' }, 'fileName'],
      ['another type', { type: 'image/png' }, 'fileType'],
      ['an announced length other than declared', { announcedBytes: 999 }, 'fileSizeBytes'],
    ])('%s, before reading it', async (_, file, field) => {
      const assetId = await pendingPhoto();
      const source = new SentSource(file);

      const refused = uploads.upload(assetId, ada, source);

      await expect(refused).rejects.toBeInstanceOf(FileMismatchError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field }] });
      expect(source.pulled).toBe(0);
      await expectUntouched(assetId);
    });

    it('more bytes than declared, as soon as they come', async () => {
      const assetId = await pendingPhoto(1000);
      const source = new SentSource({ bytes: Array.from({ length: 20 }, () => Buffer.alloc(600, 1)) });

      const refused = uploads.upload(assetId, ada, source);

      await expect(refused).rejects.toBeInstanceOf(FileMismatchError);
      await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'fileSizeBytes' }] });
      expect(source.pulled).toBeLessThan(5);
      await expectUntouched(assetId);
    });

    it('fewer bytes than declared', async () => {
      const assetId = await pendingPhoto(1000);

      await expect(uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(999) }))).rejects.toMatchObject({
        fieldErrors: [{ field: 'fileSizeBytes', message: '999 bytes were sent, but 1000 were declared' }],
      });
      await expectUntouched(assetId);
    });
  });

  it('refuses more bytes than any upload may send as too large, as soon as they come', async () => {
    const assetId = await pendingPhoto(64 * KIB);
    const source = new SentSource({ bytes: Array.from({ length: 40 }, () => Buffer.alloc(4 * KIB, 1)) });

    await expect(uploads.upload(assetId, ada, source)).rejects.toBeInstanceOf(FileTooLargeError);

    expect(source.pulled).toBeLessThan(20);
    await expectUntouched(assetId);
  });

  it('refuses a length announced above the limit as too large, before reading', async () => {
    const assetId = await pendingPhoto();
    const source = new SentSource({ announcedBytes: 64 * KIB + 1 });

    await expect(uploads.upload(assetId, ada, source)).rejects.toBeInstanceOf(FileTooLargeError);

    expect(source.pulled).toBe(0);
    await expectUntouched(assetId);
  });

  it('stores nothing when the request is cut off, and lets the owner send the file again', async () => {
    const assetId = await pendingPhoto(1000);
    const cutOff = new InvalidInputError('The upload was cut off');

    await expect(uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(500), failWith: cutOff }))).rejects.toBe(cutOff);
    await expectUntouched(assetId);

    await uploads.upload(assetId, ada, new SentSource({}));
    expect(await stateOf(assetId)).toBe('active');
  });

  it('stores nothing when storage fails, and lets go of the asset', async () => {
    const assetId = await pendingPhoto();
    const broken = new Error('disk full');
    uploads.beforeCommit.wait = () => Promise.reject(broken);

    await expect(uploads.upload(assetId, ada, new SentSource({}))).rejects.toBe(broken);

    await expectUntouched(assetId);
  });

  it('renews its claim while the bytes flow, and once more before storing them', async () => {
    const assetId = await pendingPhoto(1000);
    const start = fixture.clock.now().getTime();
    const claims: number[] = [];
    const slowly = async (index: number) => {
      if (index === 0) {
        fixture.clock.advance(20_000);
        await new Promise((resolve) => setTimeout(resolve, 30));
        claims.push((await claimOf(assetId))!.until.getTime());
        fixture.clock.advance(5_000);
      }
    };
    uploads.beforeCommit.wait = async () => {
      claims.push((await claimOf(assetId))!.until.getTime());
    };

    await uploads.upload(assetId, ada, new SentSource({ bytes: [Buffer.alloc(500), Buffer.alloc(500)], afterChunk: slowly }));

    expect(claims).toEqual([start + 20_000 + 30_000, start + 25_000 + 30_000]);
  });

  it('goes on when renewals lose every rerun to changes by the owner, and completes', async () => {
    const assetId = await pendingPhoto(1000);
    let conflicting = false;
    let changes = 0;
    let lostRenewals = 0;
    const run = fixture.unitOfWork.run.bind(fixture.unitOfWork);
    fixture.unitOfWork.run = (metadata, work) =>
      run(metadata, work).catch((error: unknown) => {
        lostRenewals += error instanceof ConcurrencyConflictError ? 1 : 0;
        throw error;
      });
    // Each read of the asset by a renewal is followed by an owner's change, so that its save conflicts.
    fixture.pauseAssetsAfter('findById').wait = async () => {
      if (conflicting) {
        conflicting = false;
        changes += 1;
        await fixture.updateAsset(ada, assetId, { bookmarked: changes % 2 === 1 });
        conflicting = true;
      }
    };
    const source = new SentSource({
      bytes: [Buffer.alloc(500, 1), Buffer.alloc(500, 1)],
      afterChunk: async (index) => {
        if (index === 0) {
          conflicting = true;
          await until(() => lostRenewals >= 2);
          conflicting = false;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    });

    await uploads.upload(assetId, ada, source);

    expect(await stateOf(assetId)).toBe('active');
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, 1));
  });

  describe('stops an upload from which no byte came for a whole lease, lets go of the asset and stores nothing', () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('when the client stalls midway, keeping its connection open', async () => {
      const assetId = await pendingPhoto(1000);
      const stalled = barrier(2);
      let resume!: () => void;
      const stalling = new Promise<void>((resolve) => (resume = resolve));
      const source = new SentSource({
        bytes: [Buffer.alloc(500, 1), Buffer.alloc(500, 1)],
        afterChunk: async (index) => {
          if (index === 0) {
            await stalled();
            await stalling;
          }
        },
      });
      const stopped = uploads.upload(assetId, ada, source);
      await stalled();

      fixture.clock.advance(UPLOAD_LEASE.leaseMs - 1);
      await pause(30);
      expect(await claimOf(assetId)).not.toBeNull();
      fixture.clock.advance(1);

      await expect(stopped).rejects.toBeInstanceOf(UploadStalledError);
      await expect(stopped).rejects.toMatchObject({ kind: 'timed_out' });
      expect(source.pulled).toBe(1);
      resume();
      await expectUntouched(assetId);
      await uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(1000, 2) }));
      expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, 2));
    });

    it('when the file never starts (a form whose part does not come)', async () => {
      const assetId = await pendingPhoto(1000);
      const source = new SentSource({});
      const waiting = barrier(2);
      let arrive!: () => void;
      const arriving = new Promise<void>((resolve) => (arrive = resolve));
      const receive = source.receive;
      source.receive = async () => {
        await waiting();
        await arriving;
        return receive();
      };
      const stopped = uploads.upload(assetId, ada, source);
      await waiting();

      fixture.clock.advance(UPLOAD_LEASE.leaseMs);

      await expect(stopped).rejects.toBeInstanceOf(UploadStalledError);
      await expectUntouched(assetId);
      arrive();
      await until(() => source.opened);
      expect(source.pulled).toBe(0);
    });

    it('but not one that sends a little within each lease, however long it takes', async () => {
      const assetId = await pendingPhoto(1000);
      const slowly = async () => {
        fixture.clock.advance(UPLOAD_LEASE.leaseMs - 1);
        await pause(20);
      };

      await uploads.upload(
        assetId,
        ada,
        new SentSource({ bytes: Array.from({ length: 4 }, () => Buffer.alloc(250, 1)), afterChunk: slowly }),
      );

      expect(await stateOf(assetId)).toBe('active');
    });
  });

  it('leaves an asset another upload holds to that upload', async () => {
    const assetId = await pendingPhoto();
    const first = new SentSource({});
    let second!: Promise<void>;
    const secondSource = new SentSource({});
    uploads.beforeCommit.wait = async () => {
      uploads.beforeCommit.wait = async () => undefined;
      second = uploads.upload(assetId, ada, secondSource);
      await expect(second).rejects.toBeInstanceOf(UploadInProgressError);
    };

    await uploads.upload(assetId, ada, first);

    expect(secondSource.opened).toBe(false);
    expect(await stateOf(assetId)).toBe('active');
  });

  it('takes over from an upload whose claim lapsed, which then stores nothing', async () => {
    const assetId = await pendingPhoto(1000);
    const stalled = barrier(2);
    let resume!: () => void;
    const stalling = new Promise<void>((resolve) => (resume = resolve));
    const slowUploads = new AssetUploads(fixture, { leaseMs: 30_000, renewEveryMs: 60_000 });
    const lapsing = slowUploads.upload(
      assetId,
      ada,
      new SentSource({
        bytes: [Buffer.alloc(500, 1), Buffer.alloc(500, 1)],
        afterChunk: async (index) => {
          if (index === 0) {
            await stalled();
            await stalling;
          }
        },
      }),
    );
    await stalled();
    fixture.clock.advance(31_000);

    await uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(1000, 2) }));
    resume();

    await expect(lapsing).rejects.toBeInstanceOf(UploadClaimLostError);
    expect(await stateOf(assetId)).toBe('active');
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, 2));
  });

  itRacing('two uploads at once: one stores its file, the other is told of the conflict and reads nothing', async () => {
    const assetId = await pendingPhoto();
    fixture.pauseAssetsAfter('findById').wait = barrier(2);
    const sources = [new SentSource({ bytes: Buffer.alloc(1000, 1) }), new SentSource({ bytes: Buffer.alloc(1000, 2) })];

    const outcomes = await Promise.allSettled(sources.map((source) => uploads.upload(assetId, ada, source)));

    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    // Told another upload holds the asset, or (its transaction run again after the winner's) that it has its file.
    expect([UploadInProgressError, AssetNotPendingError]).toContain(lost.reason.constructor);
    const winner = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    expect(sources.map((source) => source.opened)).toEqual([winner === 0, winner === 1]);
    expect(await stateOf(assetId)).toBe('active');
    expect([...fixture.storage.objects.keys()]).toEqual([Asset.storageKeyOf(assetId)]);
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, winner + 1));
  });

  describe('when the asset is removed during the upload', () => {
    it('before its bytes are stored: stores nothing', async () => {
      const assetId = await pendingPhoto(1000);
      const source = new SentSource({ bytes: Array.from({ length: 10 }, () => Buffer.alloc(100, 1)) });
      const origin = source.receive;
      source.receive = async () => {
        const sent = await origin();
        await remove(assetId);
        return sent;
      };

      await expect(uploads.upload(assetId, ada, source)).rejects.toBeInstanceOf(UploadClaimLostError);

      expect(await stateOf(assetId)).toBe('removed');
      expect(fixture.storage.objects.size).toBe(0);
    });

    it('after its object is stored, before it completes: deletes the object', async () => {
      const assetId = await pendingPhoto(1000);
      const write = fixture.storage.write.bind(fixture.storage);
      fixture.storage.write = async (key, content) => {
        const written = await write(key, content);
        await remove(assetId);
        return written;
      };

      await expect(uploads.upload(assetId, ada, new SentSource({}))).rejects.toBeInstanceOf(UploadClaimLostError);

      expect(await stateOf(assetId)).toBe('removed');
      expect(fixture.storage.objects.size).toBe(0);
    });
  });

  it('keeps the object when completing fails after another upload completed the asset', async () => {
    const assetId = await pendingPhoto(1000);
    const write = fixture.storage.write.bind(fixture.storage);
    fixture.storage.write = async (key, content) => {
      const written = await write(key, content);
      fixture.storage.write = write;
      fixture.clock.advance(31_000);
      await uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(1000, 9) }));
      return written;
    };

    await expect(uploads.upload(assetId, ada, new SentSource({ bytes: Buffer.alloc(1000, 1) }))).rejects.toBeInstanceOf(
      UploadClaimLostError,
    );

    expect(await stateOf(assetId)).toBe('active');
    expect(await readAll((await uploads.file(assetId, ada)).read())).toEqual(Buffer.alloc(1000, 9));
  });
});

describe('GetAssetFile', () => {
  let fixture: AssetsFixture;
  let uploads: AssetUploads;

  beforeEach(async () => {
    fixture = await assetsFixture();
    uploads = new AssetUploads(fixture);
  });
  afterEach(() => fixture.close());

  it('reads a range of the file, decrypting only that', async () => {
    const ada = fixture.newOwner();
    const assetId = await fixture.createAsset(ada, { fileSizeBytes: 10 });
    await fixture.activate(assetId, Buffer.from('0123456789'));

    const file = await uploads.file(assetId, ada);

    expect((await readAll(file.read({ start: 2, end: 5 }))).toString()).toBe('2345');
  });

  it('has no file for anyone but an owner, nor for a pending, hidden or removed asset', async () => {
    const ada = fixture.newOwner();
    const active = await fixture.createAsset(ada);
    await fixture.activate(active);
    const pending = await fixture.createAsset(ada);
    const hidden = await fixture.createAsset(ada);
    await fixture.activate(hidden);
    await fixture.alter(hidden, 'hidden');

    await expect(uploads.file(active, fixture.newOwner())).rejects.toBeInstanceOf(AssetNotFoundError);
    await expect(uploads.file(pending, ada)).rejects.toBeInstanceOf(AssetNotFoundError);
    await expect(uploads.file(hidden, ada)).rejects.toBeInstanceOf(AssetNotFoundError);
    await expect(uploads.file(crypto.randomUUID(), ada)).rejects.toBeInstanceOf(AssetNotFoundError);
  });
});
