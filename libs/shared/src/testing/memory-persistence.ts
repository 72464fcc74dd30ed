import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { MemoryDocumentStore } from '../adapters/memory/memory-document-store';
import { MemoryUnitOfWork } from '../adapters/memory/memory-unit-of-work';
import { RepositoryRegistry } from '../adapters/persistence/repository-registry';
import { OutboxSignal } from '../service_layer/outbox-signal';

export interface MemoryPersistence {
  unitOfWork: MemoryUnitOfWork;
  registry: RepositoryRegistry;
  close(): Promise<void>;
}

/**
 * The embedded unit of work on an empty store, for driving command handlers in unit tests (the
 * shape of cosmicpython's test_handlers.py). `register` tells it a context's repositories; a test
 * may register a repository again to wrap it, e.g. to pause at a barrier.
 */
export async function memoryPersistence(register: (registry: RepositoryRegistry) => void): Promise<MemoryPersistence> {
  const cqrs = await Test.createTestingModule({ imports: [CqrsModule.forRoot()] }).compile();
  await cqrs.init();
  const registry = new RepositoryRegistry();
  register(registry);
  const unitOfWork = new MemoryUnitOfWork(new MemoryDocumentStore(registry), registry, cqrs.get(EventBus), new OutboxSignal());
  return { unitOfWork, registry, close: () => cqrs.close() };
}
