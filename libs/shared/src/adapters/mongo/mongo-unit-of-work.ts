import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { PublishedEvents } from '../../service_layer/published-events';
import { DocumentSession } from '../persistence/document-session';
import { DocumentUnitOfWork } from '../persistence/document-unit-of-work';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { MongoDocumentSession } from './mongo-document-session';

/**
 * Snapshot reads give the whole unit of work one consistent point in time, so an invariant checked
 * across two documents is checked against data that existed together, and a document changed
 * after that point makes our write fail instead of silently overwriting. Majority writes make the
 * commit survive a primary failover, since events are published right after it and must never
 * announce a change a rollback then erases; they also make the commit part of the majority
 * snapshot the next unit of work reads, so a policy reacting to an event finds what it refers to.
 */
const TRANSACTION_OPTIONS: mongo.TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: { w: 'majority' },
  readPreference: 'primary',
};

/**
 * One unit of work is one multi-document transaction on the replica set. mongoose reruns the
 * callback on a TransientTransactionError; that is safe because the callback only reads and
 * writes through the session, and the base class publishes only once the commit has succeeded.
 */
@Injectable()
export class MongoUnitOfWork extends DocumentUnitOfWork {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    registry: RepositoryRegistry,
    eventBus: EventBus,
    outboxSignal: OutboxSignal,
    published: PublishedEvents,
  ) {
    super(registry, eventBus, outboxSignal, published);
  }

  protected inTransaction<Result>(work: (session: DocumentSession) => Promise<Result>): Promise<Result> {
    return this.connection.transaction((session) => work(new MongoDocumentSession(this.connection, session)), TRANSACTION_OPTIONS);
  }
}
