import { RepositoryToken } from '@keepem/shared/service_layer';
import type { AssetRelease } from '../../domain/asset-release.aggregate';

export interface AssetReleaseRepository {
  findById(id: string): Promise<AssetRelease | null>;
  /** The owner's live (scheduled) releases: what a new release of theirs must not clash with. */
  findLiveOf(ownerId: string): Promise<AssetRelease[]>;
  /**
   * At most `limit` live releases whose time has passed by `now` and whose receivers were not told
   * yet, the earliest first: what the notification job works through.
   */
  findDueWithoutNotice(now: Date, limit: number): Promise<AssetRelease[]>;
  /** Every live release the user is the owner or a receiver of: what their removal cancels. */
  findLiveHolding(userId: string): Promise<AssetRelease[]>;
  save(release: AssetRelease): void;
}

export const ASSET_RELEASE_REPOSITORY = new RepositoryToken<AssetReleaseRepository>('asset_releases');
