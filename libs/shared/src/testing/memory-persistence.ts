import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { MemoryDocumentReader } from '../adapters/memory/memory-document-reader';
import { MemoryDocumentStore } from '../adapters/memory/memory-document-store';
import { MemoryOutboxView } from '../adapters/memory/memory-outbox.view';
import { MemoryUnitOfWork } from '../adapters/memory/memory-unit-of-work';
import { RepositoryRegistry } from '../adapters/persistence/repository-registry';
import { OutboxSignal } from '../service_layer/outbox-signal';
import type { DocumentReader } from '../service_layer/document-reader.port';
import type { OutboxView } from '../service_layer/outbox-view.port';
import { Publication, PublishedEvents } from '../service_layer/published-events';

export interface MemoryPersistence {
  unitOfWork: MemoryUnitOfWork;
  registry: RepositoryRegistry;
  /** What the commits wrote to the outbox: the events a handler published, as the relay will send them. */
  outbox: OutboxView;
  /** The query side's reader over the same store, for the views a handler or a test reads through. */
  reader: DocumentReader;
  close(): Promise<void>;
}

/**
 * The embedded unit of work on an empty store, for driving command handlers in unit tests (the
 * shape of cosmicpython's test_handlers.py). `register` tells it a context's repositories, and
 * `publications` what the context publishes; a test may register a repository again to wrap it,
 * e.g. to pause at a barrier.
 */
export async function memoryPersistence(
  register: (registry: RepositoryRegistry) => void,
  publications: readonly Publication[] = [],
): Promise<MemoryPersistence> {
  const cqrs = await Test.createTestingModule({ imports: [CqrsModule.forRoot()] }).compile();
  await cqrs.init();
  const registry = new RepositoryRegistry();
  register(registry);
  const published = new PublishedEvents();
  published.register(...publications);
  const store = new MemoryDocumentStore(registry);
  const unitOfWork = new MemoryUnitOfWork(store, registry, cqrs.get(EventBus), new OutboxSignal(), published);
  return { unitOfWork, registry, outbox: new MemoryOutboxView(store), reader: new MemoryDocumentReader(store), close: () => cqrs.close() };
}
