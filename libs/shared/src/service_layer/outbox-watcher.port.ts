export const OUTBOX_WATCHER = Symbol('OUTBOX_WATCHER');

/**
 * What wakes the outbox relay before its next poll when a record may have become due: a commit in
 * this process, and, where the database can say so, a record added by any process. The relay polls
 * all the same (retries come due with time, claims expire), so a watcher that misses a record, or
 * stops watching, only makes that record wait for the next poll.
 */
export interface OutboxWatcher {
  /** Calls `wake` from now on, whenever a record may have been added; never throws, never rejects. */
  watch(wake: () => void): void;
  /** Stops calling `wake` and lets go of what it held (a cursor on the database), before the connections close. */
  close(): Promise<void>;
}
