/**
 * A query port the users context asks, for `GET /api/v1/me/pending-actions`: how many legacies
 * (asset releases) wait for a user. The assets context answers it: it provides
 * PENDING_LEGACY_COUNTER from a global module (so the users context's handlers can inject it).
 * Until one does, the users context counts none.
 */
export interface PendingLegacyCounter {
  countPendingFor(userId: string): Promise<number>;
}

export const PENDING_LEGACY_COUNTER = Symbol('PENDING_LEGACY_COUNTER');
