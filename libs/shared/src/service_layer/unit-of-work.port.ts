import { MessageMetadata } from './command';

export const UNIT_OF_WORK = Symbol('UNIT_OF_WORK');

/** Names a repository a transaction can hand out; the adapters register how to build it. */
export class RepositoryToken<Repository> {
  declare private readonly repositoryType?: Repository;

  constructor(readonly name: string) {}
}

/**
 * One atomic piece of work. Everything saved through its repositories, and one outbox record per
 * event those aggregates recorded, is committed together or not at all.
 */
export interface Transaction {
  repository<Repository>(token: RepositoryToken<Repository>): Repository;
  /** The inbox that makes a redelivered event harmless: has `consumer` already handled it? */
  hasProcessed(consumer: string, eventId: string): Promise<boolean>;
  markProcessed(consumer: string, eventId: string): void;
}

export interface UnitOfWork {
  /**
   * Runs `work` in a transaction and commits. `work` may run more than once (a transient database
   * error retries the whole transaction), so it must not send or publish anything itself.
   */
  run<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result>;
}
