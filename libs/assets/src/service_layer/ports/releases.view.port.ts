import type { AggregateState } from '@keepem/shared/domain';
import type { Page, PageRequest } from '@keepem/shared/service_layer';
import type { ReleaseRecord } from '../release-record';

export const RELEASES_VIEW = Symbol('RELEASES_VIEW');

export type ReleaseSortField = 'createdAt' | 'name';

/** Which releases a list shows; every condition given must hold. */
export interface ReleasesFilter {
  /** Releases of this owner; every owner's when null. */
  ownerId: string | null;
  /** In one of these states; any state when empty. */
  states: AggregateState[];
}

/** The query side of releases: stored releases as they are, without loading aggregates. */
export interface ReleasesView {
  findById(releaseId: string): Promise<ReleaseRecord | null>;
  page(filter: ReleasesFilter, page: PageRequest<ReleaseSortField>): Promise<Page<ReleaseRecord>>;
  /** Every live (scheduled) release the user is a receiver of, due or not, the newest first. */
  liveReceivedBy(userId: string): Promise<ReleaseRecord[]>;
}
