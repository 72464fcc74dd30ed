/** The lifecycle every aggregate shares (DOMAIN.md, shared kernel). */
export const AGGREGATE_STATES = ['pending', 'active', 'hidden', 'inactive', 'removed'] as const;
export type AggregateState = (typeof AGGREGATE_STATES)[number];

export function isFinal(state: AggregateState): boolean {
  return state === 'inactive' || state === 'removed';
}
