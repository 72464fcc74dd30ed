import {
  ASSET_RELEASES_COLLECTION,
  DocumentAssetReleaseRepository,
} from '../../libs/assets/src/adapters/document-asset-release.repository';
import type { AssetRelease } from '../../libs/assets/src/domain/asset-release.aggregate';
import type { OwnerId } from '../../libs/assets/src/domain/asset.aggregate';
import {
  ASSET_RELEASE_REPOSITORY,
  type AssetReleaseRepository,
} from '../../libs/assets/src/service_layer/ports/asset-release.repository.port';
import { CancelRelease } from '../../libs/assets/src/service_layer/commands/cancel-release.command';
import { CancelReleaseHandler } from '../../libs/assets/src/service_layer/commands/cancel-release.handler';
import { TriggerRelease } from '../../libs/assets/src/service_layer/commands/trigger-release.command';
import { TriggerReleaseHandler } from '../../libs/assets/src/service_layer/commands/trigger-release.handler';
import { ScheduleRelease } from '../../libs/assets/src/service_layer/commands/schedule-release.command';
import { ScheduleReleaseHandler } from '../../libs/assets/src/service_layer/commands/schedule-release.handler';
import { assetsFixture, type AssetsFixture } from './assets-handlers';
import { FakeKeepDirectory } from './keep-directory-fake';
import { Pause, pausingAfter } from './pause';

/** What a ScheduleRelease says besides its ids and owner. */
export type NewReleaseFields = Omit<ConstructorParameters<typeof ScheduleRelease>[0], 'releaseId' | 'ownerId' | 'metadata'>;

/** The release handlers on the assets context's embedded unit of work, with a fake KEEP_DIRECTORY and an injected random. */
export interface ReleasesFixture extends AssetsFixture {
  keeps: FakeKeepDirectory;
  /** What the "in a bottle" draw gets; 0.5 unless a test sets it. */
  random: { next: number };
  /** An owner's new active asset; answers its id. */
  activeAsset(owner: string): Promise<string>;
  /** Two users who keep each other. */
  keepEachOther(one: string, other: string): void;
  /** ScheduleRelease through its handler; answers the release's id. */
  schedule(owner: string, fields: Partial<NewReleaseFields> & Pick<NewReleaseFields, 'assets'>): Promise<string>;
  trigger(by: string, releaseId: string, place?: string | null): Promise<void>;
  cancel(by: string, releaseId: string, reason?: string | null): Promise<void>;
  /** Makes every release repository wait at the returned pause after `method` has read. */
  pauseReleasesAfter(method: keyof AssetReleaseRepository): Pause;
  storedRelease(releaseId: string): Promise<AssetRelease | null>;
  /** The outbox records' types and payloads committed for one aggregate. */
  published(aggregateId: string, type?: string): Promise<Record<string, unknown>[]>;
}

export async function releasesFixture(): Promise<ReleasesFixture> {
  const assets = await assetsFixture();
  const keeps = new FakeKeepDirectory();
  const random = { next: 0.5 };
  const draw = () => random.next;
  const { unitOfWork } = assets;
  const fixture: ReleasesFixture = {
    ...assets,
    keeps,
    random,
    activeAsset: async (owner) => {
      const id = await assets.createAsset(owner);
      await assets.activate(id);
      return id;
    },
    keepEachOther: (one, other) => keeps.keep(one, other),
    schedule: (owner, fields) =>
      new ScheduleReleaseHandler(unitOfWork, keeps, draw).execute(
        new ScheduleRelease({
          releaseType: 'transfer',
          name: 'For later',
          description: null,
          ...fields,
          releaseId: crypto.randomUUID(),
          ownerId: owner,
          metadata: assets.metadata(owner),
        }),
      ),
    trigger: (by, releaseId, place = null) =>
      new TriggerReleaseHandler(unitOfWork, keeps).execute(
        new TriggerRelease({ releaseId, userId: by, place, metadata: assets.metadata(by) }),
      ),
    cancel: (by, releaseId, reason = null) =>
      new CancelReleaseHandler(unitOfWork).execute(new CancelRelease({ releaseId, userId: by, reason, metadata: assets.metadata(by) })),
    pauseReleasesAfter: (method) => {
      const pause = new Pause();
      assets.registry.register(ASSET_RELEASE_REPOSITORY, ASSET_RELEASES_COLLECTION, (tx) =>
        pausingAfter(new DocumentAssetReleaseRepository(tx), method, pause),
      );
      return pause;
    },
    storedRelease: (releaseId) => assets.load((tx) => tx.repository(ASSET_RELEASE_REPOSITORY).findById(releaseId)),
    published: async (aggregateId, type) =>
      (await assets.outboxOf(aggregateId))
        .filter((record) => type === undefined || record.type === type)
        .map((record) => record.payload as Record<string, unknown>),
  };
  return fixture;
}

/** A new user's id, as the assets context knows users. */
export const newUser = () => crypto.randomUUID() as OwnerId;
