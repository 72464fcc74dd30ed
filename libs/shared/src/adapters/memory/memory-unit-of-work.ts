import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DocumentSession } from '../persistence/document-session';
import { DocumentUnitOfWork } from '../persistence/document-unit-of-work';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { PublishedEvents } from '../../service_layer/published-events';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { MemoryDocumentSession } from './memory-document-session';
import { MemoryDocumentStore } from './memory-document-store';

@Injectable()
export class MemoryUnitOfWork extends DocumentUnitOfWork {
  constructor(
    private readonly store: MemoryDocumentStore,
    registry: RepositoryRegistry,
    eventBus: EventBus,
    outboxSignal: OutboxSignal,
    published: PublishedEvents,
  ) {
    super(registry, eventBus, outboxSignal, published);
  }

  protected async inTransaction<Result>(work: (session: DocumentSession) => Promise<Result>): Promise<Result> {
    const session = new MemoryDocumentSession(this.store);
    const result = await work(session);
    session.commit();
    return result;
  }
}
