import type { AggregateState } from '@keepem/shared/domain';
import { ManualClock, memoryPersistence, type MemoryPersistence } from '@keepem/shared/testing';
import { type MessageMetadata, MessageMetadataFactory, type OutboxEntry, type Transaction } from '@keepem/shared/service_layer';
import { AssetsPersistenceRegistration } from '../../libs/assets/src/adapters/assets-persistence.registration';
import { ASSETS_COLLECTION, DocumentAssetRepository } from '../../libs/assets/src/adapters/document-asset.repository';
import { Asset, type OwnerId } from '../../libs/assets/src/domain/asset.aggregate';
import type { StorageAccount } from '../../libs/assets/src/domain/storage-account.aggregate';
import { ASSETS_PUBLICATIONS } from '../../libs/assets/src/service_layer/assets.publications';
import { CreateAsset } from '../../libs/assets/src/service_layer/commands/create-asset.command';
import { CreateAssetHandler } from '../../libs/assets/src/service_layer/commands/create-asset.handler';
import { RemoveAsset } from '../../libs/assets/src/service_layer/commands/remove-asset.command';
import { RemoveAssetHandler } from '../../libs/assets/src/service_layer/commands/remove-asset.handler';
import { UpdateAsset } from '../../libs/assets/src/service_layer/commands/update-asset.command';
import { UpdateAssetHandler } from '../../libs/assets/src/service_layer/commands/update-asset.handler';
import type { AssetDetailsProps } from '../../libs/assets/src/domain/asset-details.value-object';
import { MEBIBYTE } from '../../libs/assets/src/domain/byte-sizes';
import { ASSET_REPOSITORY, type AssetRepository } from '../../libs/assets/src/service_layer/ports/asset.repository.port';
import type { AssetsSettings } from '../../libs/assets/src/service_layer/ports/assets-settings.port';
import { STORAGE_ACCOUNT_REPOSITORY } from '../../libs/assets/src/service_layer/ports/storage-account.repository.port';
import { FakeDataKeys, FakeFileCipher, MemoryFileStorage } from './assets-fakes';
import { Pause, pausingAfter } from './pause';

/** What a CreateAsset says besides its ids: a small photo unless a test says otherwise. */
export type NewAssetFields = Omit<ConstructorParameters<typeof CreateAsset>[0], 'assetId' | 'createdBy' | 'metadata'>;

export const A_PHOTO: NewAssetFields = {
  owners: [],
  title: 'Grandma’s garden',
  description: null,
  tags: [],
  people: [],
  location: null,
  createdDate: null,
  extraPrivate: false,
  bookmarked: false,
  fileName: 'garden.jpg',
  fileType: 'image/jpeg',
  fileSizeBytes: 1000,
};

/** The assets context's handlers on the embedded unit of work, with fakes for its outside ports and a clock the test moves. */
export interface AssetsFixture extends MemoryPersistence {
  clock: ManualClock;
  settings: AssetsSettings;
  dataKeys: FakeDataKeys;
  cipher: FakeFileCipher;
  storage: MemoryFileStorage;
  metadata(userId?: string): MessageMetadata;
  /** A new user's id: the assets context knows users by id alone. */
  newOwner(): OwnerId;
  /** CreateAsset through its handler, for `owner`; answers the asset's id. */
  createAsset(owner: string, fields?: Partial<NewAssetFields>): Promise<string>;
  /** UpdateAsset through its handler, as `by`. */
  updateAsset(by: string, assetId: string, changes: Partial<AssetDetailsProps>): Promise<void>;
  /** RemoveAsset through its handler, as `by`. */
  removeAsset(by: string, assetId: string): Promise<void>;
  /** Makes the asset active, as a completed upload does, with the file's bytes in storage. */
  activate(assetId: string, bytes?: Buffer): Promise<void>;
  /** Changes the stored asset's state behind the handlers' backs (a release hiding it, issue 14). */
  alter(assetId: string, state: AggregateState): Promise<void>;
  /** Makes every assets repository wait at the returned pause after `method` has read. */
  pauseAssetsAfter(method: keyof AssetRepository): Pause;
  /** Reads what the handlers stored, as the next request would. */
  load<Result>(read: (tx: Transaction) => Promise<Result>): Promise<Result>;
  storedAsset(assetId: string): Promise<Asset | null>;
  storedAccount(ownerId: string): Promise<StorageAccount | null>;
  /** The ids of the assets an owner holds (not removed). */
  heldBy(ownerId: string): Promise<string[]>;
  /** The outbox records committed for one aggregate, in the order they are delivered. */
  outboxOf(aggregateId: string): Promise<OutboxEntry[]>;
}

export async function assetsFixture(settings: Partial<AssetsSettings> = {}): Promise<AssetsFixture> {
  const persistence = await memoryPersistence((registry) => new AssetsPersistenceRegistration(registry), ASSETS_PUBLICATIONS);
  const clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
  const metadataFactory = new MessageMetadataFactory(clock);
  const metadata = (userId?: string): MessageMetadata => ({ ...metadataFactory.forSystem(), ...(userId ? { userId } : {}) });
  const load = <Result>(read: (tx: Transaction) => Promise<Result>) => persistence.unitOfWork.run(metadata(), read);
  const fullSettings: AssetsSettings = { maxUploadBytes: 10 * MEBIBYTE, storageQuotaBytes: 50 * MEBIBYTE, ...settings };
  const dataKeys = new FakeDataKeys();
  const cipher = new FakeFileCipher();
  const storage = new MemoryFileStorage();
  const change = (assetId: string, work: (asset: Asset) => void) =>
    load(async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = (await assets.findById(assetId))!;
      work(asset);
      assets.save(asset);
    });
  return {
    ...persistence,
    clock,
    settings: fullSettings,
    dataKeys,
    cipher,
    storage,
    metadata,
    newOwner: () => crypto.randomUUID() as OwnerId,
    createAsset: (owner, fields = {}) =>
      new CreateAssetHandler(persistence.unitOfWork, dataKeys, cipher, fullSettings).execute(
        new CreateAsset({ ...A_PHOTO, ...fields, assetId: crypto.randomUUID(), createdBy: owner, metadata: metadata(owner) }),
      ),
    updateAsset: (by, assetId, changes) =>
      new UpdateAssetHandler(persistence.unitOfWork).execute(new UpdateAsset({ assetId, userId: by, changes, metadata: metadata(by) })),
    removeAsset: (by, assetId) =>
      new RemoveAssetHandler(persistence.unitOfWork, storage).execute(new RemoveAsset({ assetId, userId: by, metadata: metadata(by) })),
    activate: async (assetId, bytes) => {
      const asset = (await load((tx) => tx.repository(ASSET_REPOSITORY).findById(assetId)))!;
      storage.objects.set(asset.storageKey, bytes ?? Buffer.alloc(asset.file.sizeBytes, 1));
      const uploadId = crypto.randomUUID();
      const until = new Date(clock.now().getTime() + 60_000);
      await change(assetId, (stored) => {
        stored.claimUpload({ uploadId, by: stored.owners[0], until }, clock.now());
        stored.completeUpload(uploadId, clock.now());
      });
    },
    alter: (assetId, state) =>
      load(async (tx) => {
        const assets = tx.repository(ASSET_REPOSITORY);
        const stored = (await assets.findById(assetId))!;
        assets.save(
          Asset.restore(
            stored.id,
            { createdAt: stored.createdAt, modifiedAt: stored.modifiedAt, version: stored.version, state },
            {
              owners: [...stored.owners],
              details: stored.details,
              file: stored.file,
              encryption: stored.encryption,
              uploadClaim: stored.uploadClaim,
            },
          ),
        );
      }),
    pauseAssetsAfter: (method) => {
      const pause = new Pause();
      persistence.registry.register(ASSET_REPOSITORY, ASSETS_COLLECTION, (tx) =>
        pausingAfter(new DocumentAssetRepository(tx), method, pause),
      );
      return pause;
    },
    load,
    storedAsset: (assetId) => load((tx) => tx.repository(ASSET_REPOSITORY).findById(assetId)),
    storedAccount: (ownerId) => load((tx) => tx.repository(STORAGE_ACCOUNT_REPOSITORY).findById(ownerId)),
    heldBy: async (ownerId) => (await load((tx) => tx.repository(ASSET_REPOSITORY).findHeldBy(ownerId))).map((asset) => asset.id).sort(),
    outboxOf: async (aggregateId) => {
      const { items } = await persistence.outbox.page(undefined, {
        number: 0,
        size: 1000,
        sort: { field: 'occurredAt', direction: 'asc' },
      });
      return items.filter((entry) => entry.aggregateId === aggregateId);
    },
  };
}
