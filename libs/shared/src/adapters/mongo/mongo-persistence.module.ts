import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { getConnectionToken, InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DEAD_LETTER_STORE } from '../../service_layer/dead-letter-store.port';
import { OUTBOX_STORE } from '../../service_layer/outbox.port';
import { OUTBOX_VIEW } from '../../service_layer/outbox-view.port';
import { OUTBOX_WATCHER } from '../../service_layer/outbox-watcher.port';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { MongoOutboxView } from './mongo-outbox.view';
import { MongoDocumentReader } from './mongo-document-reader';
import { DOCUMENT_READER } from '../../service_layer/document-reader.port';
import { PERSISTENCE_HEALTH } from '../../service_layer/persistence-health.port';
import { UNIT_OF_WORK } from '../../service_layer/unit-of-work.port';
import { KernelConfig, kernelConfig } from '../config/kernel.config';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { ensureIndexes } from './mongo-indexes';
import { MongoDeadLetterStore } from './mongo-dead-letter.store';
import { MongoOutboxStore } from './mongo-outbox.store';
import { mongoOutboxWatcher } from './mongo-outbox.watcher';
import { MongoPersistenceHealth } from './mongo-persistence.health';
import { MongoUnitOfWork } from './mongo-unit-of-work';

/** The production persistence driver: MongoDB through mongoose, on a replica set (transactions need one). */
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [kernelConfig.KEY],
      useFactory: (config: KernelConfig) => ({ uri: config.persistence.mongodbUrl }),
    }),
  ],
  providers: [
    { provide: UNIT_OF_WORK, useClass: MongoUnitOfWork },
    { provide: OUTBOX_STORE, useClass: MongoOutboxStore },
    { provide: OUTBOX_VIEW, useClass: MongoOutboxView },
    {
      provide: OUTBOX_WATCHER,
      inject: [getConnectionToken(), OutboxSignal, kernelConfig.KEY],
      useFactory: (connection: Connection, signal: OutboxSignal, config: KernelConfig) =>
        mongoOutboxWatcher(connection, signal, config.outbox.pollIntervalMs),
    },
    { provide: DOCUMENT_READER, useClass: MongoDocumentReader },
    { provide: PERSISTENCE_HEALTH, useClass: MongoPersistenceHealth },
    { provide: DEAD_LETTER_STORE, useClass: MongoDeadLetterStore },
  ],
  exports: [OUTBOX_VIEW, UNIT_OF_WORK, OUTBOX_STORE, OUTBOX_WATCHER, DOCUMENT_READER, PERSISTENCE_HEALTH, DEAD_LETTER_STORE],
})
export class MongoPersistenceModule implements OnApplicationBootstrap {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly registry: RepositoryRegistry,
  ) {}

  /**
   * At bootstrap rather than at init, because contexts register their collections while their own
   * modules initialise; by now every collection is known, and the HTTP server is not listening yet.
   */
  async onApplicationBootstrap(): Promise<void> {
    await ensureIndexes(this.connection, this.registry);
  }
}
