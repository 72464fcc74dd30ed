import type { AggregateState } from '@keepem/shared/domain';

/** The states an owner sees their asset in; in any other, it does not exist for them. */
export const VISIBLE_STATES: readonly AggregateState[] = ['pending', 'active'];

/** The states an owner still holds their asset in: its declared size counts against their quota. */
export const HELD_STATES: readonly AggregateState[] = ['pending', 'active', 'hidden'];

/** What visibility reads of an asset, as the aggregate and the queries' records both have it. */
export interface OwnedInState {
  readonly owners: readonly string[];
  readonly state: AggregateState;
}

/** Whether `userId` sees the asset: an owner's, in a visible state. Anyone else is told there is no such asset. */
export function isVisibleTo(asset: OwnedInState, userId: string): boolean {
  return asset.owners.includes(userId) && VISIBLE_STATES.includes(asset.state);
}
