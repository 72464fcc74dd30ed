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
 * consumer whose whole effect is in the database marks the event processed in the same transaction
 * as that effect. A consumer with an effect outside (an e-mail) first claims the entry with a lease,
 * in a transaction of its own, so that two deliveries at once cannot both run the effect.
 */
export interface Inbox {
  hasProcessed(consumer: string, eventId: string): Promise<boolean>;
  markProcessed(consumer: string, eventId: string): Promise<void>;
  /** Claims the entry for `owner` until `leaseUntil`, unless it is processed or another owner's lease still runs. */
  claim(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<InboxClaimOutcome>;
  /** Extends `owner`'s claim; false if the claim is no longer theirs. */
  renew(consumer: string, eventId: string, owner: string, leaseUntil: Date): Promise<boolean>;
  /** Gives up `owner`'s claim (the effect failed), so the next delivery may claim at once. */
  release(consumer: string, eventId: string, owner: string): Promise<void>;
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
