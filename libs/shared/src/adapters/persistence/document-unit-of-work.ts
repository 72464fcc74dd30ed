import { EventBus } from '@nestjs/cqrs';
import { DomainEvent } from '../../domain/domain-event';
import { MessageMetadata } from '../../service_layer/command';
import { Transaction, UnitOfWork } from '../../service_layer/unit-of-work.port';
import { DocumentSession } from './document-session';
import { DocumentTransaction } from './document-transaction';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { RepositoryRegistry } from './repository-registry';

/**
 * The unit of work both drivers share: a driver only says how to open and commit a transaction.
 * Events leave only after the commit: on the Nest EventBus for in-process reactions, and through
 * the outbox (which the commit itself wrote) for everything that must not be lost.
 */
export abstract class DocumentUnitOfWork implements UnitOfWork {
  constructor(
    private readonly registry: RepositoryRegistry,
    private readonly eventBus: EventBus,
    private readonly outboxSignal: OutboxSignal,
  ) {}

  /** Runs `work` inside one database transaction and commits it; may call `work` again on a transient failure. */
  protected abstract inTransaction<Result>(work: (session: DocumentSession) => Promise<Result>): Promise<Result>;

  async run<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result> {
    // A retried transaction runs this callback again; only the attempt that committed counts.
    let committed: { tx: DocumentTransaction; events: DomainEvent[] } | undefined;
    const result = await this.inTransaction(async (session) => {
      const tx = new DocumentTransaction(session, this.registry, metadata);
      const value = await work(tx);
      committed = { tx, events: await tx.flush() };
      return value;
    });
    if (!committed) {
      throw new Error('The transaction committed without running its work');
    }
    committed.tx.markCommitted();
    const committedEvents = committed.events;
    if (committedEvents.length > 0) {
      this.eventBus.publishAll(committedEvents);
      this.outboxSignal.committed();
    }
    return result;
  }
}
