import type { JsonObject } from '../contracts/integration-event';

export const OUTBOX_STORE = Symbol('OUTBOX_STORE');

/** An event on its way out: written in the same commit as the aggregate that recorded it. */
export interface OutboxRecord {
  /** The event id: consumers use it to drop duplicates. */
  id: string;
  /** The publishing context: the broker routes by it (one topic per context). */
  source: string;
  /** The contract's stable name, e.g. `users.user-registered.v1`. */
  type: string;
  aggregateId: string;
  /** 1, 2, 3… per aggregate, in commit order: the order its events are delivered in. */
  sequence: number;
  payload: JsonObject;
  occurredAt: Date;
  correlationId: string;
  /** What caused the event: the integration message a consumer reacted to, or else the command itself. */
  causationId: string;
  /** Failed deliveries so far; drives the back-off and, at the limit, makes the record dead. */
  attempts: number;
}

/**
 * pending: waiting for (another) delivery; sent: the broker took it; dead: failed too often, kept
 * with its last error until an administrator retries it.
 */
export const OUTBOX_STATES = ['pending', 'sent', 'dead'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One relay's hold on one record. Nobody else can claim the record before `leaseUntil`, and every
 * later write names the token, so a relay whose lease ran out and was taken over changes nothing.
 */
export interface OutboxClaim {
  token: string;
  leaseUntil: Date;
}

/** The relay's view of the outbox. Every write that names a token answers false, changing nothing, once the token is stale. */
export interface OutboxStore {
  /**
   * Claims the next record to deliver: the pending, due, unleased record that occurred first (then
   * lowest sequence, then id) among those whose aggregate has no earlier record still undelivered
   * (pending or dead). Null when there is none.
   */
  claimNext(claim: OutboxClaim, now: Date): Promise<OutboxRecord | null>;
  /** Extends a claim while its delivery is still under way. */
  renew(id: string, claim: OutboxClaim): Promise<boolean>;
  markSent(id: string, token: string, at: Date): Promise<boolean>;
  /** Counts the failed attempt, releases the claim and sets when to try again. */
  markFailed(id: string, token: string, error: string, retryAt: Date): Promise<boolean>;
  /** Releases the claim and sets when to try again, without counting an attempt: the record was not refused. */
  postpone(id: string, token: string, retryAt: Date): Promise<boolean>;
  /** Counts the failed attempt and stops delivering the record (and, so, the later ones of its aggregate). */
  markDead(id: string, token: string, error: string, at: Date): Promise<boolean>;
  /** Makes a dead record pending again, due at once, with its attempts counted from zero; false if no dead record has this id. */
  retryDead(id: string, at: Date): Promise<boolean>;
  /** Deletes the records sent before `before`, and with them their consumers' inbox entries; answers how many of each. */
  purgeBefore(before: Date): Promise<{ records: number; inboxEntries: number }>;
  countPending(): Promise<number>;
}
