import type { AggregateState } from '@keepem/shared/domain';
import type { Page, PageRequest } from '@keepem/shared/service_layer';
import type { KeepRecord, KeepSide } from '../keep-details';

export const KEEPS_VIEW = Symbol('KEEPS_VIEW');

export type KeepSortField = 'createdAt' | 'modifiedAt';

/** Which keeps a list shows; every condition given must hold. */
export interface KeepsFilter {
  /** Keeps this user is a party to (on `side`, or on either side when it is null); all keeps when null. */
  partyId: string | null;
  side: KeepSide | null;
  state: AggregateState | null;
}

/** The query side of keeps: stored keeps as they are, without loading aggregates. */
export interface KeepsView {
  findById(keepId: string): Promise<KeepRecord | null>;
  page(filter: KeepsFilter, page: PageRequest<KeepSortField>): Promise<Page<KeepRecord>>;
  /** How many pending keeps wait for this user's answer. */
  countPendingFor(requestedId: string): Promise<number>;
}
