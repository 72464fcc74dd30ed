import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import type { AssetId, OwnerId } from '../domain/asset.aggregate';
import { AssetRelease, type BequestType, type ReleaseId, type ReleaseType } from '../domain/asset-release.aggregate';
import type { ReleaseCondition } from '../domain/release-condition';
import type { AssetReleaseRepository } from '../service_layer/ports/asset-release.repository.port';

/** A condition as plain data; a time is stored as a date. */
export type ReleaseConditionDocument = { kind: 'time'; at: Date } | { kind: 'location'; answer: string } | { kind: 'immediate' };

export type AssetReleaseDocument = StoredAggregateMetadata & {
  name: string;
  description: string | null;
  owner_id: string;
  receivers_id: string[];
  assets_id: string[];
  conditions: ReleaseConditionDocument[];
  release_type: ReleaseType;
  bequest_type: BequestType;
  released_by: string | null;
  canceled_by: string | null;
  cancel_reason: string | null;
  time_came_noticed_at: Date | null;
  /** The time condition's date, or null without one: what the notification job and the incoming list look at. */
  release_at: Date | null;
  /** Live, with a time, and its receivers not told yet: the releases the notification job may have to tell about. */
  awaiting_notice: boolean;
};

export const ASSET_RELEASES_COLLECTION: CollectionSpec = {
  name: 'asset_releases',
  uniqueIndexes: [],
  // An owner's live releases (clashes, their list), a receiver's (incoming, user removal; receivers_id
  // is an array: MongoDB indexes each receiver), and the ones the notification job waits for.
  lookupIndexes: [
    ['owner_id', 'state', 'created_at'],
    ['receivers_id', 'state', 'created_at'],
    ['state', 'awaiting_notice', 'release_at'],
    ['state', 'created_at'],
  ],
};

export class DocumentAssetReleaseRepository
  extends DocumentRepository<AssetRelease, AssetReleaseDocument>
  implements AssetReleaseRepository
{
  protected readonly collection = ASSET_RELEASES_COLLECTION.name;

  findLiveOf(ownerId: string): Promise<AssetRelease[]> {
    return this.findManyWhere({ owner_id: ownerId, state: 'active' });
  }

  /**
   * The write side filters by equality only, so this reads the live releases still awaiting their
   * notice (the flag leaves a release once it is told, released or cancelled) and keeps the due ones.
   */
  async findDueWithoutNotice(now: Date, limit: number): Promise<AssetRelease[]> {
    const awaiting = await this.findManyWhere({ state: 'active', awaiting_notice: true });
    return awaiting
      .filter((release) => release.isDue(now))
      .sort((one, other) => one.releaseTime!.getTime() - other.releaseTime!.getTime() || one.id.localeCompare(other.id))
      .slice(0, limit);
  }

  async findLiveHolding(userId: string): Promise<AssetRelease[]> {
    const owned = await this.findManyWhere({ owner_id: userId, state: 'active' });
    const received = await this.findManyWhere({ receivers_id: userId, state: 'active' });
    const byId = new Map([...owned, ...received].map((release) => [release.id as string, release]));
    return [...byId.values()];
  }

  protected toDocument(release: AssetRelease): AssetReleaseDocument {
    return {
      name: release.name,
      description: release.description,
      owner_id: release.owner,
      receivers_id: [...release.receivers],
      assets_id: [...release.assets],
      conditions: release.conditions.map((condition) => ({ ...condition })),
      release_type: release.releaseType,
      bequest_type: release.bequestType,
      released_by: release.releasedBy,
      canceled_by: release.canceledBy,
      cancel_reason: release.cancelReason,
      time_came_noticed_at: release.timeCameNoticedAt,
      release_at: release.releaseTime,
      awaiting_notice: release.isLive && release.releaseTime !== null && release.timeCameNoticedAt === null,
      ...this.storedMetadata(release),
    };
  }

  protected fromDocument(document: AssetReleaseDocument & StoredDocument): AssetRelease {
    return AssetRelease.restore(document._id as ReleaseId, this.restoredMetadata(document), {
      name: document.name,
      description: document.description ?? null,
      owner: document.owner_id as OwnerId,
      receivers: document.receivers_id as OwnerId[],
      assets: document.assets_id as AssetId[],
      conditions: document.conditions.map(restoredCondition),
      releaseType: document.release_type,
      bequestType: document.bequest_type,
      releasedBy: (document.released_by ?? null) as OwnerId | null,
      canceledBy: (document.canceled_by ?? null) as OwnerId | null,
      cancelReason: document.cancel_reason ?? null,
      timeCameNoticedAt: document.time_came_noticed_at ?? null,
    });
  }
}

function restoredCondition(condition: ReleaseConditionDocument): ReleaseCondition {
  switch (condition.kind) {
    case 'time':
      return { kind: 'time', at: new Date(condition.at) };
    case 'location':
      return { kind: 'location', answer: condition.answer };
    case 'immediate':
      return { kind: 'immediate' };
  }
}
