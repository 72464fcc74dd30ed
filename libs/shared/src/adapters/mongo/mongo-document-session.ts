import type { Connection, mongo } from 'mongoose';
import { ConcurrencyConflictError } from '../../domain/domain-error';
import { OutboxRecord } from '../../service_layer/outbox.port';
import { DocumentSession } from '../persistence/document-session';
import { DocumentFilter, OUTBOX_COLLECTION, StoredDocument } from '../persistence/stored-document';
import { UniqueConstraintError } from '../persistence/unique-constraint.error';

const DUPLICATE_KEY = 11000;
const WRITE_CONFLICT = 112;

/**
 * The native driver's database behind a mongoose connection. Documents stay plain objects (no
 * mongoose models), and native collections fail at once when disconnected where mongoose's would
 * buffer the command, which inside a transaction would only turn an error into a hang.
 */
export function nativeDatabase(connection: Connection): mongo.Db {
  if (!connection.db) {
    throw new Error('The MongoDB connection is not open');
  }
  return connection.db;
}

/** An outbox record as stored: snake_case like every other collection, plus the relay's bookkeeping. */
export interface OutboxDocument {
  _id: string;
  type: string;
  aggregate_id: string;
  payload: object;
  occurred_at: Date;
  correlation_id: string;
  attempts: number;
  sent_at: Date | null;
  lease_until: Date | null;
  retry_at: Date;
  last_error: string | null;
}

export function toOutboxDocument(record: OutboxRecord): OutboxDocument {
  return {
    _id: record.id,
    type: record.type,
    aggregate_id: record.aggregateId,
    payload: record.payload,
    occurred_at: record.occurredAt,
    correlation_id: record.correlationId,
    attempts: record.attempts,
    sent_at: null,
    lease_until: null,
    retry_at: record.occurredAt,
    last_error: null,
  };
}

/**
 * One MongoDB transaction as a DocumentSession. Every call carries the session: a call without it
 * would run outside the transaction and survive its abort. Undefined fields are left out, as the
 * memory driver does, instead of being stored as null, where a unique index would see them.
 */
export class MongoDocumentSession implements DocumentSession {
  constructor(
    private readonly connection: Connection,
    private readonly session: mongo.ClientSession,
  ) {}

  async findById(collection: string, id: string): Promise<StoredDocument | null> {
    return this.collection(collection).findOne({ _id: id }, { session: this.session });
  }

  async findOne(collection: string, filter: DocumentFilter): Promise<StoredDocument | null> {
    return this.collection(collection).findOne(filter, { session: this.session });
  }

  async insert(collection: string, document: StoredDocument): Promise<void> {
    try {
      await this.collection(collection).insertOne(document, { session: this.session, ignoreUndefined: true });
    } catch (error) {
      throw hasCode(error, DUPLICATE_KEY) ? new UniqueConstraintError(collection, duplicateKeyFields(error)) : error;
    }
  }

  async replace(collection: string, document: StoredDocument, expectedVersion: number): Promise<void> {
    let matchedCount: number;
    try {
      ({ matchedCount } = await this.collection(collection).replaceOne({ _id: document._id, version: expectedVersion }, document, {
        session: this.session,
        ignoreUndefined: true,
      }));
    } catch (error) {
      if (hasCode(error, DUPLICATE_KEY)) {
        throw new UniqueConstraintError(collection, duplicateKeyFields(error));
      }
      // Another open transaction changed this document since our snapshot. Left as it is, the
      // error is transient and the driver would rerun the whole unit of work on fresh data; the
      // memory driver refuses the later writer instead, and both drivers must agree.
      throw hasCode(error, WRITE_CONFLICT) ? new ConcurrencyConflictError(collection, document._id) : error;
    }
    if (matchedCount === 0) {
      throw new ConcurrencyConflictError(collection, document._id);
    }
  }

  async appendToOutbox(record: OutboxRecord): Promise<void> {
    await nativeDatabase(this.connection)
      .collection<OutboxDocument>(OUTBOX_COLLECTION)
      .insertOne(toOutboxDocument(record), { session: this.session });
  }

  private collection(name: string): mongo.Collection<StoredDocument> {
    return nativeDatabase(this.connection).collection<StoredDocument>(name);
  }
}

interface MongoServerErrorShape {
  code?: unknown;
  message?: unknown;
  keyPattern?: Record<string, unknown>;
}

function hasCode(error: unknown, code: number): error is MongoServerErrorShape {
  return typeof error === 'object' && error !== null && (error as MongoServerErrorShape).code === code;
}

function duplicateKeyFields(error: MongoServerErrorShape): string[] {
  if (error.keyPattern) {
    return Object.keys(error.keyPattern);
  }
  // Servers that leave keyPattern out still name the index in the message.
  const index = /index: (\S+) dup key/.exec(String(error.message))?.[1];
  return [index === '_id_' ? '_id' : (index ?? 'unknown')];
}
