import { EventBus } from '@nestjs/cqrs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrencyConflictError } from '../../domain/domain-error';
import { DomainEvent } from '../../domain/domain-event';
import { MessageMetadata } from '../../service_layer/command';
import { MessageAlreadyHandledError, Transaction, UnitOfWork } from '../../service_layer/unit-of-work.port';
import { DocumentSession } from './document-session';
import { DocumentTransaction } from './document-transaction';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { PublishedEvents } from '../../service_layer/published-events';
import { RepositoryRegistry } from './repository-registry';
import { UniqueConstraintError } from './unique-constraint.error';

/** Runs of one unit of work before a conflict reaches the caller (as a 409). */
export const MAX_ATTEMPTS = 3;
/** Upper bound of the random pause before the second run; it doubles before each further run. */
const FIRST_RETRY_JITTER_MS = 10;

/**
 * The unit of work both drivers share: a driver only says how to open and commit a transaction.
 * Events leave only after the commit: on the Nest EventBus for in-process reactions, and through
 * the outbox (which the commit itself wrote) for everything that must not be lost.
 *
 * A run that loses a race (another commit changed what it read, or took a unique value it meant to
 * take) is run again from the start on fresh data, a few times, after a random pause so that two
 * racing requests do not meet again at once. The rerun decides anew: a replayed refresh token is
 * then seen as replayed, a second activation as one too many, a taken e-mail as taken.
 */
export abstract class DocumentUnitOfWork implements UnitOfWork {
  constructor(
    private readonly registry: RepositoryRegistry,
    private readonly eventBus: EventBus,
    private readonly outboxSignal: OutboxSignal,
    private readonly published: PublishedEvents,
  ) {}

  /** Runs `work` inside one database transaction and commits it; may call `work` again on a transient failure. */
  protected abstract inTransaction<Result>(work: (session: DocumentSession) => Promise<Result>): Promise<Result>;

  async run<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.runOnce(metadata, work);
      } catch (error) {
        if (!lostARace(error)) {
          throw error;
        }
        if (attempt === MAX_ATTEMPTS) {
          throw error instanceof UniqueConstraintError ? this.registry.explain(error) : error;
        }
        await sleep(Math.random() * FIRST_RETRY_JITTER_MS * 2 ** (attempt - 1));
      }
    }
  }

  private async runOnce<Result>(metadata: MessageMetadata, work: (tx: Transaction) => Promise<Result>): Promise<Result> {
    // A retried transaction runs this callback again; only the attempt that committed counts.
    let committed: { tx: DocumentTransaction; events: DomainEvent[] } | undefined;
    const result = await this.inTransaction(async (session) => {
      const tx = new DocumentTransaction(session, this.registry, this.published, metadata);
      await recordInConsumersInbox(tx, metadata);
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

/**
 * Work a consumer does for a message is recorded in its inbox in the same commit, so a redelivered
 * message finds it there and the work is not done twice. Two deliveries at once both try to insert
 * the entry; the loser is run again and finds it.
 */
async function recordInConsumersInbox(tx: Transaction, metadata: MessageMetadata): Promise<void> {
  if (!metadata.handledBy) {
    return;
  }
  if (!metadata.causationId) {
    throw new Error(`${metadata.handledBy} does work without naming the message that caused it`);
  }
  if (!(await tx.inbox.recordProcessed(metadata.handledBy, metadata.causationId))) {
    throw new MessageAlreadyHandledError(metadata.handledBy, metadata.causationId);
  }
}

function lostARace(error: unknown): boolean {
  return error instanceof ConcurrencyConflictError || error instanceof UniqueConstraintError;
}
