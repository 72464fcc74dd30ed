import { Module } from '@nestjs/common';
import { DEAD_LETTER_STORE } from '../../service_layer/dead-letter-store.port';
import { OUTBOX_STORE } from '../../service_layer/outbox.port';
import { OUTBOX_VIEW } from '../../service_layer/outbox-view.port';
import { OUTBOX_WATCHER } from '../../service_layer/outbox-watcher.port';
import { MemoryOutboxView } from './memory-outbox.view';
import { MemoryDocumentReader } from './memory-document-reader';
import { DOCUMENT_READER } from '../../service_layer/document-reader.port';
import { PERSISTENCE_HEALTH } from '../../service_layer/persistence-health.port';
import { UNIT_OF_WORK } from '../../service_layer/unit-of-work.port';
import { MemoryDeadLetterStore } from './memory-dead-letter.store';
import { MemoryDocumentStore } from './memory-document-store';
import { MemoryOutboxStore } from './memory-outbox.store';
import { MemoryOutboxWatcher } from './memory-outbox.watcher';
import { MemoryPersistenceHealth } from './memory-persistence.health';
import { MemoryUnitOfWork } from './memory-unit-of-work';

/**
 * The embedded persistence driver. One MemoryDocumentStore backs both the unit of work and the
 * outbox store, so the relay sees exactly what the unit of work committed.
 */
@Module({
  providers: [
    MemoryDocumentStore,
    { provide: UNIT_OF_WORK, useClass: MemoryUnitOfWork },
    { provide: OUTBOX_STORE, useClass: MemoryOutboxStore },
    { provide: OUTBOX_VIEW, useClass: MemoryOutboxView },
    { provide: OUTBOX_WATCHER, useClass: MemoryOutboxWatcher },
    { provide: DOCUMENT_READER, useClass: MemoryDocumentReader },
    { provide: PERSISTENCE_HEALTH, useClass: MemoryPersistenceHealth },
    { provide: DEAD_LETTER_STORE, useClass: MemoryDeadLetterStore },
  ],
  exports: [
    MemoryDocumentStore,
    OUTBOX_VIEW,
    UNIT_OF_WORK,
    OUTBOX_STORE,
    OUTBOX_WATCHER,
    DOCUMENT_READER,
    PERSISTENCE_HEALTH,
    DEAD_LETTER_STORE,
  ],
})
export class MemoryPersistenceModule {}
