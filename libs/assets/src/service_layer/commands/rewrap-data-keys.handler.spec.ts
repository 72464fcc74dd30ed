import { afterEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { MessageMetadataFactory } from '@keepem/shared/service_layer';
import { ManualClock, memoryPersistence, type MemoryPersistence } from '@keepem/shared/testing';
import { A_PHOTO } from '../../../../../test/support/assets-handlers';
import { MemoryFileStorage } from '../../../../../test/support/assets-fakes';
import { AssetsPersistenceRegistration } from '../../adapters/assets-persistence.registration';
import { DocumentWrappedDataKeysView } from '../../adapters/document-wrapped-data-keys.view';
import { AesGcmDataKeyWrapper } from '../../adapters/encryption/aes-gcm-data-key.wrapper';
import { ChunkedFileCipher } from '../../adapters/encryption/chunked-file.cipher';
import { ASSETS_PUBLICATIONS } from '../assets.publications';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { CountWrappedDataKeysHandler } from '../queries/count-wrapped-data-keys.handler';
import { CreateAsset } from './create-asset.command';
import type { WrappedDataKeysView } from '../ports/wrapped-data-keys.view.port';
import { CreateAssetHandler } from './create-asset.handler';
import { RewrapDataKeys } from './rewrap-data-keys.command';
import { RewrapDataKeysHandler } from './rewrap-data-keys.handler';

const OLD_KEK = randomBytes(32);
const NEW_KEK = randomBytes(32);
const keyring = (current: string, keys: Record<string, Buffer>) => ({ current, keys: new Map(Object.entries(keys)) });
const SETTINGS = { maxUploadBytes: 1024 * 1024, storageQuotaBytes: 1024 * 1024 * 1024 };

/** Assets created and their files stored under the old KEK, then the KEK rotated: the operator's situation. */
async function rotated(assetCount: number) {
  const persistence = await memoryPersistence((registry) => new AssetsPersistenceRegistration(registry), ASSETS_PUBLICATIONS);
  const metadata = () => new MessageMetadataFactory(new ManualClock(new Date('2030-01-01T00:00:00Z'))).forSystem();
  const storage = new MemoryFileStorage();
  const before = new AesGcmDataKeyWrapper(keyring('default', { default: OLD_KEK }));
  const create = new CreateAssetHandler(persistence.unitOfWork, before, new ChunkedFileCipher(before), SETTINGS);
  const owner = crypto.randomUUID();
  const files = new Map<string, Buffer>();
  for (let index = 0; index < assetCount; index += 1) {
    const bytes = randomBytes(100 + index);
    const assetId = await create.execute(
      new CreateAsset({ ...A_PHOTO, fileSizeBytes: bytes.length, assetId: crypto.randomUUID(), createdBy: owner, metadata: metadata() }),
    );
    const asset = (await persistence.unitOfWork.run(metadata(), (tx) => tx.repository(ASSET_REPOSITORY).findById(assetId)))!;
    await storage.write(asset.storageKey, Readable.from([bytes]).pipe(new ChunkedFileCipher(before).encryptor(asset.encryption!.dataKey)));
    files.set(assetId, bytes);
  }
  const during = new AesGcmDataKeyWrapper(keyring('2027-01', { '2027-01': NEW_KEK, default: OLD_KEK }));
  const view = new DocumentWrappedDataKeysView(persistence.reader);
  return {
    persistence,
    storage,
    files,
    rewrap: (through: WrappedDataKeysView = view) =>
      new RewrapDataKeysHandler(persistence.unitOfWork, during, through).execute(new RewrapDataKeys({ metadata: metadata() })),
    counts: () => new CountWrappedDataKeysHandler(during, view).execute(),
    stored: (assetId: string) => persistence.unitOfWork.run(metadata(), (tx) => tx.repository(ASSET_REPOSITORY).findById(assetId)),
  };
}

/** A file as a download reads it, with only the new KEK configured: the old one is gone. */
async function readWithNewKekOnly(fixture: Awaited<ReturnType<typeof rotated>>, assetId: string): Promise<Buffer> {
  const after = new AesGcmDataKeyWrapper(keyring('2027-01', { '2027-01': NEW_KEK }));
  const asset = (await fixture.stored(assetId))!;
  const plaintext = new ChunkedFileCipher(after).decrypt(asset.encryption!.dataKey, asset.file.sizeBytes, (range) =>
    fixture.storage.read(asset.storageKey, range),
  );
  return buffer(plaintext);
}

describe('RewrapDataKeys', () => {
  let persistence: MemoryPersistence | undefined;
  afterEach(() => persistence?.close());

  it('re-wraps every data key with the current KEK, in batches, leaving the files untouched and readable without the old KEK', async () => {
    const fixture = await rotated(130);
    persistence = fixture.persistence;
    const storedBefore = new Map(fixture.storage.objects);
    expect(await fixture.counts()).toEqual([
      { keyId: '2027-01', current: true, dataKeys: 0 },
      { keyId: 'default', current: false, dataKeys: 130 },
    ]);

    await fixture.rewrap();

    expect(await fixture.counts()).toEqual([
      { keyId: '2027-01', current: true, dataKeys: 130 },
      { keyId: 'default', current: false, dataKeys: 0 },
    ]);
    expect(fixture.storage.objects).toEqual(storedBefore);
    for (const [assetId, bytes] of [...fixture.files].slice(0, 5)) {
      expect(await readWithNewKekOnly(fixture, assetId)).toEqual(bytes);
    }
  });

  it('changes nothing an owner sees and records no event', async () => {
    const fixture = await rotated(1);
    persistence = fixture.persistence;
    const [assetId] = fixture.files.keys();
    const before = (await fixture.stored(assetId))!;
    const { totalElements: outboxBefore } = await fixture.persistence.outbox.page(undefined, {
      number: 0,
      size: 1,
      sort: { field: 'occurredAt', direction: 'asc' },
    });

    await fixture.rewrap();

    const after = (await fixture.stored(assetId))!;
    expect(after.encryption!.dataKey.keyId).toBe('2027-01');
    expect(after.modifiedAt).toEqual(before.modifiedAt);
    expect(after.details).toEqual(before.details);
    const { totalElements: outboxAfter } = await fixture.persistence.outbox.page(undefined, {
      number: 0,
      size: 1,
      sort: { field: 'occurredAt', direction: 'asc' },
    });
    expect(outboxAfter).toBe(outboxBefore);
  });

  it('ends with every key re-wrapped once when two operators run it at once, and finds nothing to do when run again', async () => {
    const fixture = await rotated(20);
    persistence = fixture.persistence;

    await Promise.all([fixture.rewrap(), fixture.rewrap()]);
    await fixture.rewrap();

    expect((await fixture.counts()).map(({ dataKeys }) => dataKeys)).toEqual([20, 0]);
    for (const assetId of fixture.files.keys()) {
      expect(await readWithNewKekOnly(fixture, assetId)).toEqual(fixture.files.get(assetId));
    }
  });

  it('stops when the view lags and keeps naming keys that are already re-wrapped', async () => {
    const fixture = await rotated(2);
    persistence = fixture.persistence;
    await fixture.rewrap();
    const lagging: WrappedDataKeysView = {
      assetIdsWrappedWith: async () => [...fixture.files.keys()],
      countWrappedWith: async () => fixture.files.size,
    };

    await fixture.rewrap(lagging);

    expect((await fixture.counts()).map(({ dataKeys }) => dataKeys)).toEqual([2, 0]);
  });
});
