import type { Connection, mongo } from 'mongoose';
import { ConcurrencyConflictError } from '../../domain/domain-error';
import { JsonObject } from '../../contracts/integration-event';
import { OutboxRecord, OutboxState } from '../../service_layer/outbox.port';
import { DocumentSession } from '../persistence/document-session';
import { DocumentFilter, OUTBOX_COLLECTION, StoredDocument, uniqueIndexName } from '../persistence/stored-document';
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
  source: string;
  type: string;
  aggregate_id: string;
  sequence: number;
  payload: JsonObject;
  occurred_at: Date;
  correlation_id: string;
  causation_id: string;
  attempts: number;
  state: OutboxState;
  claim_token: string | null;
  lease_until: Date | null;
  retry_at: Date;
  last_error: string | null;
  sent_at: Date | null;
  dead_at: Date | null;
}

export function toOutboxDocument(record: OutboxRecord): OutboxDocument {
  return {
    _id: record.id,
    source: record.source,
    type: record.type,
    aggregate_id: record.aggregateId,
    sequence: record.sequence,
    payload: record.payload,
    occurred_at: record.occurredAt,
    correlation_id: record.correlationId,
    causation_id: record.causationId,
    attempts: record.attempts,
    state: 'pending',
    claim_token: null,
    lease_until: null,
    retry_at: record.occurredAt,
    last_error: null,
    sent_at: null,
    dead_at: null,
  };
}

export function toOutboxRecord(document: OutboxDocument): OutboxRecord {
  return {
    id: document._id,
    source: document.source,
    type: document.type,
    aggregateId: document.aggregate_id,
    sequence: document.sequence,
    payload: document.payload,
    occurredAt: document.occurred_at,
    correlationId: document.correlation_id,
    causationId: document.causation_id,
    attempts: document.attempts,
  };
}

/**
 * One MongoDB transaction as a DocumentSession. Every call carries the session: a call without it
 * would run outside the transaction and survive its abort. Undefined fields, of documents and of
 * event payloads, are left out, as the memory driver does, instead of being stored as null, where a
 * unique index or a consumer would see them.
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

  async findMany(collection: string, filter: DocumentFilter): Promise<StoredDocument[]> {
    return this.collection(collection).find(filter, { session: this.session }).toArray();
  }

  async insert(collection: string, document: StoredDocument): Promise<void> {
    try {
      await this.collection(collection).insertOne(document, { session: this.session, ignoreUndefined: true });
    } catch (error) {
      throw asConflict(error, collection, document._id);
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
      throw asConflict(error, collection, document._id);
    }
    if (matchedCount === 0) {
      throw new ConcurrencyConflictError(collection, document._id);
    }
  }

  async appendToOutbox(record: OutboxRecord): Promise<void> {
    await nativeDatabase(this.connection)
      .collection<OutboxDocument>(OUTBOX_COLLECTION)
      .insertOne(toOutboxDocument(record), { session: this.session, ignoreUndefined: true });
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

/**
 * A duplicate key names the unique index that refused the write. A write conflict means another
 * open transaction wrote this document (or the same new key) since our snapshot: left as it is,
 * mongoose would rerun the unit of work without limit; as a ConcurrencyConflictError it is rerun a
 * bounded number of times by the unit of work, as with the memory driver.
 */
function asConflict(error: unknown, collection: string, id: string): unknown {
  if (hasCode(error, DUPLICATE_KEY)) {
    return new UniqueConstraintError(collection, duplicateKeyIndex(error));
  }
  return hasCode(error, WRITE_CONFLICT) ? new ConcurrencyConflictError(collection, id) : error;
}

function duplicateKeyIndex(error: MongoServerErrorShape): string {
  if (error.keyPattern) {
    return uniqueIndexName(Object.keys(error.keyPattern));
  }
  // Servers that leave keyPattern out still name the index in the message.
  return /index: (\S+) dup key/.exec(String(error.message))?.[1] ?? 'unknown';
}
