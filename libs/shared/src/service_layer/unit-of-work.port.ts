import { MessageMetadata } from './command';

export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');

/** Names a repository a transaction can hand out; the adapters register how to build it. */
export class RepositoryToken<Repository> {
  declare private readonly repositoryType?: Repository;

  constructor(readonly name: string) {}
}

/** What claiming an inbox entry found: it is ours now, the event was handled already, or another delivery holds it. */
export type InboxClaimOutcome = 'claimed' | 'processed' | 'busy';

/**
 * Each consumer's record of the events it handled, which makes a redelivered event harmless. A
 * consumer claims its entry with a lease before it acts, so that two deliveries at once cannot both
 * act, and completes it once done: in the same transaction when the effect is in the database, in a
 * transaction of its own after an effect outside it (an e-mail).
 */
export interface Inbox {
  /** Claims the entry for `owner` until `leaseUntil`, unless it is processed or another owner's lease still runs. */
  claim(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<InboxClaimOutcome>;
  /** Extends `owner`'s claim; false if the claim is no longer theirs. */
  renew(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<boolean>;
  /** Gives up `owner`'s claim (the effect failed), so the next delivery may claim at once. */
  release(consumer: string, eventId: string, owner: string): Promise<void>;
  /**
   * Marks the event processed. False when `owner` had lost the claim meanwhile: another delivery
   * took it over, and the effect may have happened twice.
   */
  complete(consumer: string, eventId: string, owner: string): Promise<boolean>;
  /** Marks the event processed for `consumer` in this transaction; false, changing nothing, when it was processed already. */
  recordProcessed(consumer: string, eventId: string): Promise<boolean>;
}

/** The unit of work's answer to work a consumer already did for this message (see MessageMetadata.handledBy). */
export class MessageAlreadyHandledError extends Error {
  constructor(consumer: string, eventId: string) {
    super(`${consumer} has already handled ${eventId}`);
  }
}

/**
 * One atomic piece of work. Everything saved through its repositories, one outbox record per event
 * those aggregates recorded, and the inbox changes are committed together or not at all.
 */
export interface Transaction {
  repository<Repository>(token: RepositoryToken<Repository>): Repository;
  readonly inbox: Inbox;
}

export interface UnitOfWork {
  /**
   * Runs `work` in a transaction and commits. `work` may run more than once (a transient database
   * error, or a race lost to another commit, runs it again from the start on fresh data), so it
   * must not send or publish anything itself.
   */
  run<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result>;
}
