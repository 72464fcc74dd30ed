import { AggregateRoot } from '../../domain/aggregate-root';
import { DomainEvent } from '../../domain/domain-event';
import { MessageMetadata } from '../../service_layer/command';
import { PublishedEvents } from '../../service_layer/published-events';
import { RepositoryToken, Transaction } from '../../service_layer/unit-of-work.port';
import { DocumentInbox } from './document-inbox';
import { DocumentSession } from './document-session';
import { OUTBOX_SEQUENCES_COLLECTION, StoredDocument } from './stored-document';

type DocumentFields = Record<string, unknown>;

/** How the transaction builds repositories; the RepositoryRegistry is the one implementation. */
export interface RepositoryFactories {
  create<Repository>(token: RepositoryToken<Repository>, tx: DocumentTransaction): Repository;
}

interface TrackedAggregate {
  collection: string;
  toDocument: () => DocumentFields;
}

/**
 * Tracks what a piece of work saved, then writes it all in `flush`: each aggregate with its
 * version check, one outbox record per published event (the integration event its context
 * publishes for a recorded domain event), and the inbox changes. Writes run one after
 * another because a MongoDB session allows one operation at a time.
 */
export class DocumentTransaction implements Transaction {
  readonly inbox: DocumentInbox;
  private readonly repositories = new Map<RepositoryToken<unknown>, unknown>();
  private readonly tracked = new Map<AggregateRoot, TrackedAggregate>();

  constructor(
    readonly session: DocumentSession,
    private readonly factories: RepositoryFactories,
    private readonly published: PublishedEvents,
    private readonly metadata: MessageMetadata,
  ) {
    this.inbox = new DocumentInbox(session, metadata.at);
  }

  repository<Repository>(token: RepositoryToken<Repository>): Repository {
    if (!this.repositories.has(token)) {
      this.repositories.set(token, this.factories.create(token, this));
    }
    return this.repositories.get(token) as Repository;
  }

  track(aggregate: AggregateRoot, collection: string, toDocument: () => DocumentFields): void {
    this.tracked.set(aggregate, { collection, toDocument });
  }

  async flush(): Promise<DomainEvent[]> {
    const events: DomainEvent[] = [];
    for (const [aggregate, { collection, toDocument }] of this.tracked) {
      const document: StoredDocument = { ...toDocument(), _id: aggregate.id, version: aggregate.version + 1 };
      if (aggregate.version === 0) {
        await this.session.insert(collection, document);
      } else {
        await this.session.replace(collection, document, aggregate.version);
      }
      events.push(...aggregate.pendingEvents);
    }
    const outgoing = events.flatMap((event) => {
      const published = this.published.integrationEventOf(event);
      return published ? [{ event, published }] : [];
    });
    for (const [aggregateId, ofAggregate] of groupByAggregate(outgoing)) {
      let sequence = await this.takeSequences(aggregateId, ofAggregate.length);
      for (const { event, published } of ofAggregate) {
        await this.session.appendToOutbox({
          id: event.eventId,
          source: published.source,
          type: published.type,
          aggregateId: event.aggregateId,
          sequence: sequence++,
          payload: published.payload,
          occurredAt: event.occurredAt,
          correlationId: this.metadata.correlationId,
          causationId: this.metadata.causationId ?? this.metadata.commandId,
          attempts: 0,
        });
      }
    }
    await this.inbox.flush();
    return events;
  }

  /** After the driver committed: the saved aggregates move to their new version and forget their events. */
  markCommitted(): void {
    for (const aggregate of this.tracked.keys()) {
      aggregate.markCommitted();
    }
  }

  /**
   * Reserves the next `count` sequence numbers of an aggregate's events and answers the first. The
   * counter is a document of its own with a version check, so two commits for one aggregate cannot
   * take the same numbers, and numbers follow commit order.
   */
  private async takeSequences(aggregateId: string, count: number): Promise<number> {
    const counter = await this.session.findById(OUTBOX_SEQUENCES_COLLECTION, aggregateId);
    const last = (counter?.last_sequence as number | undefined) ?? 0;
    const next: StoredDocument = { _id: aggregateId, version: (counter?.version ?? 0) + 1, last_sequence: last + count };
    if (counter) {
      await this.session.replace(OUTBOX_SEQUENCES_COLLECTION, next, counter.version);
    } else {
      await this.session.insert(OUTBOX_SEQUENCES_COLLECTION, next);
    }
    return last + 1;
  }
}

function groupByAggregate<Entry extends { event: DomainEvent }>(entries: Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    groups.set(entry.event.aggregateId, [...(groups.get(entry.event.aggregateId) ?? []), entry]);
  }
  return groups;
}
