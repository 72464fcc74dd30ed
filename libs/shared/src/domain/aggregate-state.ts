/**
 * The lifecycle every aggregate shares, so that rules about visibility and change are written once:
 * `pending` and `active` are visible; `inactive` and `removed` are final, and a final aggregate never
 * changes again.
 */
export const AGGREGATE_STATES = ['pending', 'active', 'hidden', 'inactive', 'removed'] as const;
export type AggregateState = (typeof AGGREGATE_STATES)[number];

export function isFinal(state: AggregateState): boolean {
  return state === 'inactive' || state === 'removed';
}
