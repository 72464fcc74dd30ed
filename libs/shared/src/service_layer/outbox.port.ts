export const OUTBOX_STORE = Symbol('OUTBOX_STORE');

/** An event on its way out: written in the same commit as the aggregate that recorded it. */
export interface OutboxRecord {
  /** The event id: consumers use it to drop duplicates. */
  id: string;
  type: string;
  aggregateId: string;
  payload: object;
  occurredAt: Date;
  correlationId: string;
  /** Failed deliveries so far; drives the back-off. */
  attempts: number;
}

/** The relay's view of the outbox. */
export interface OutboxStore {
  /**
   * Takes up to `limit` due records and leases them until `leaseUntil`, so a second relay cannot
   * take the same ones. A crashed relay's lease simply runs out and the records come back.
   */
  claim(limit: number, now: Date, leaseUntil: Date): Promise<OutboxRecord[]>;
  markSent(id: string, at: Date): Promise<void>;
  /** Releases the lease and sets when to try again. */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
  countPending(): Promise<number>;
}
