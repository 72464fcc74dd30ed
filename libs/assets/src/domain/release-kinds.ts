export type ReleaseType = 'to_future_self' | 'in_a_bottle' | 'hide_and_seek' | 'time_capsule' | 'transfer';
/** How the assets change hands when released: not at all, to the receivers instead of the owner, or to both. */
export type BequestType = 'self' | 'gift' | 'co_ownership';
