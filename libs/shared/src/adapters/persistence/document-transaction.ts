import { AggregateRoot } from '../../domain/aggregate-root';
import { DomainEvent } from '../../domain/domain-event';
import { MessageMetadata } from '../../service_layer/command';
import { RepositoryToken, Transaction } from '../../service_layer/unit-of-work.port';
import { DocumentSession } from './document-session';
import { INBOX_COLLECTION, StoredDocument } from './stored-document';

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
 * version check, one outbox record per recorded event, and the inbox marks. Writes run one after
 * another because a MongoDB session allows one operation at a time.
 */
export class DocumentTransaction implements Transaction {
  private readonly repositories = new Map<RepositoryToken<unknown>, unknown>();
  private readonly tracked = new Map<AggregateRoot, TrackedAggregate>();
  private readonly processed = new Set<string>();

  constructor(
    readonly session: DocumentSession,
    private readonly factories: RepositoryFactories,
    private readonly metadata: MessageMetadata,
  ) {}

  repository<Repository>(token: RepositoryToken<Repository>): Repository {
    if (!this.repositories.has(token)) {
      this.repositories.set(token, this.factories.create(token, this));
    }
    return this.repositories.get(token) as Repository;
  }

  track(aggregate: AggregateRoot, collection: string, toDocument: () => DocumentFields): void {
    this.tracked.set(aggregate, { collection, toDocument });
  }

  async hasProcessed(consumer: string, eventId: string): Promise<boolean> {
    const key = inboxKey(consumer, eventId);
    return this.processed.has(key) || (await this.session.findById(INBOX_COLLECTION, key)) !== null;
  }

  markProcessed(consumer: string, eventId: string): void {
    this.processed.add(inboxKey(consumer, eventId));
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
    for (const event of events) {
      await this.session.appendToOutbox({
        id: event.eventId,
        type: event.eventType,
        aggregateId: event.aggregateId,
        payload: event.payload,
        occurredAt: event.occurredAt,
        correlationId: this.metadata.correlationId,
        attempts: 0,
      });
    }
    for (const key of this.processed) {
      await this.session.insert(INBOX_COLLECTION, { _id: key, version: 1, processed_at: this.metadata.at });
    }
    return events;
  }

  /** After the driver committed: the saved aggregates move to their new version and forget their events. */
  markCommitted(): void {
    for (const aggregate of this.tracked.keys()) {
      aggregate.markCommitted();
    }
  }
}

function inboxKey(consumer: string, eventId: string): string {
  return `${consumer}:${eventId}`;
}
