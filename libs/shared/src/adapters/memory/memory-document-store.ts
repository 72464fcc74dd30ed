import { Injectable } from '@nestjs/common';
import { ConcurrencyConflictError } from '../../domain/domain-error';
import { OutboxRecord, OutboxState } from '../../service_layer/outbox.port';
import { ProjectedDocument } from '../../service_layer/document-reader.port';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { DocumentFilter, StoredDocument, uniqueIndexName } from '../persistence/stored-document';
import { UniqueConstraintError } from '../persistence/unique-constraint.error';
import { copyDocument } from './copy-document';
import { matchesQuery } from './document-query.matcher';

export interface StagedWrite {
  collection: string;
  document: StoredDocument;
  /** null for an insert. */
  expectedVersion: number | null;
}

export interface MemoryOutboxEntry {
  record: OutboxRecord;
  state: OutboxState;
  claimToken: string | null;
  leaseUntil: Date | null;
  retryAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  deadAt: Date | null;
}

/**
 * The embedded database: committed documents and the outbox, in process. `commit` validates every
 * staged write before applying any, and runs without awaiting, so a commit is all-or-nothing and
 * no other transaction can interleave with it.
 */
@Injectable()
export class MemoryDocumentStore {
  private readonly collections = new Map<string, Map<string, StoredDocument>>();
  /** Every outbox record still kept, sent ones included until they are purged. */
  readonly outbox = new Map<string, MemoryOutboxEntry>();
  /**
   * The pending and dead ones (sent records pile up for days), per aggregate, each aggregate's in
   * sequence order: only the first of an aggregate may go next, so a claim looks at one record per
   * aggregate, however many wait behind it.
   */
  readonly undeliveredByAggregate = new Map<string, MemoryOutboxEntry[]>();

  constructor(private readonly registry: RepositoryRegistry) {}

  read(collection: string, id: string): StoredDocument | null {
    const document = this.collection(collection).get(id);
    return document ? copyDocument(document) : null;
  }

  /** Like a projection in MongoDB: the id and the named fields, copied; a field the document lacks is left out. */
  readFields<Field extends string>(collection: string, id: string, fields: readonly Field[]): ProjectedDocument<Field> | null {
    const document = this.collection(collection).get(id);
    if (!document) {
      return null;
    }
    const projected: Record<string, unknown> = { _id: document._id };
    for (const field of fields) {
      if (field in document) {
        projected[field] = copyDocument(document[field]);
      }
    }
    return projected as ProjectedDocument<Field>;
  }

  findOne(collection: string, filter: DocumentFilter): StoredDocument | null {
    for (const document of this.collection(collection).values()) {
      if (matches(document, filter)) {
        return copyDocument(document);
      }
    }
    return null;
  }

  findMany(collection: string, filter: DocumentFilter): StoredDocument[] {
    return this.select(collection, (document) => matches(document, filter));
  }

  /** Copies of the documents `wanted` picks. */
  select(collection: string, wanted: (document: StoredDocument) => boolean): StoredDocument[] {
    return this.stored(collection, wanted).map(copyDocument);
  }

  /**
   * The stored documents themselves that `wanted` picks, not copies: for a reader that only sorts
   * and counts them and copies what it hands out (readFields), so nobody outside holds them.
   */
  stored(collection: string, wanted: (document: StoredDocument) => boolean): StoredDocument[] {
    return [...this.collection(collection).values()].filter(wanted);
  }

  /**
   * The staged documents are stored as they are: the session copied each one when it was staged and
   * only ever hands out copies of it, so nothing else holds them. The outbox records are copied here.
   */
  commit(writes: StagedWrite[], outboxRecords: OutboxRecord[]): void {
    writes.forEach((write, index) => this.check(write, writes.slice(0, index)));
    for (const { collection, document } of writes) {
      this.collection(collection).set(document._id, document);
    }
    for (const record of outboxRecords) {
      const entry: MemoryOutboxEntry = {
        record: withoutUndefinedFields(copyDocument(record)),
        state: 'pending',
        claimToken: null,
        leaseUntil: null,
        retryAt: record.occurredAt,
        lastError: null,
        sentAt: null,
        deadAt: null,
      };
      this.outbox.set(record.id, entry);
      this.queueForDelivery(entry);
    }
  }

  /** A record reached the broker: it leaves the undelivered set, and the next of its aggregate may go. */
  delivered(entry: MemoryOutboxEntry): void {
    const queue = this.undeliveredByAggregate.get(entry.record.aggregateId) ?? [];
    // Only the first of an aggregate is ever claimed, so it is the one that goes: shift() drops it
    // without moving the rest, where splice() would move a whole backlog.
    queue.shift();
    if (queue.length === 0) {
      this.undeliveredByAggregate.delete(entry.record.aggregateId);
    }
  }

  /** Commits of one aggregate take its sequence numbers in order, so a record nearly always goes last. */
  private queueForDelivery(entry: MemoryOutboxEntry): void {
    const queue = this.undeliveredByAggregate.get(entry.record.aggregateId) ?? [];
    let at = queue.length;
    while (at > 0 && queue[at - 1].record.sequence > entry.record.sequence) {
      at -= 1;
    }
    queue.splice(at, 0, entry);
    this.undeliveredByAggregate.set(entry.record.aggregateId, queue);
  }

  /** Deletes the documents of a collection that `doomed` picks; answers how many. */
  deleteWhere(collection: string, doomed: (document: StoredDocument) => boolean): number {
    const documents = this.collection(collection);
    let deleted = 0;
    for (const [id, document] of documents) {
      if (doomed(document)) {
        documents.delete(id);
        deleted += 1;
      }
    }
    return deleted;
  }

  /**
   * Checks one write against the collection as the earlier writes of the same commit leave it:
   * their documents stand in for the committed ones with the same id, without copying the collection.
   */
  private check(write: StagedWrite, earlier: StagedWrite[]): void {
    const committed = this.collection(write.collection);
    const staged = new Map(
      earlier.filter((other) => other.collection === write.collection).map((other) => [other.document._id, other.document]),
    );
    const current = staged.get(write.document._id) ?? committed.get(write.document._id);
    if ((current?.version ?? null) !== write.expectedVersion) {
      if (write.expectedVersion === null) {
        throw new UniqueConstraintError(write.collection, uniqueIndexName(['_id']));
      }
      throw new ConcurrencyConflictError(write.collection, write.document._id);
    }
    const spec = this.registry.collections().find((candidate) => candidate.name === write.collection);
    for (const { fields } of spec?.uniqueIndexes ?? []) {
      const holds = (other: StoredDocument) =>
        other._id !== write.document._id && fields.every((field) => other[field] !== undefined && other[field] === write.document[field]);
      let clash = [...staged.values()].some(holds);
      for (const other of committed.values()) {
        clash ||= !staged.has(other._id) && holds(other);
      }
      if (clash) {
        throw new UniqueConstraintError(write.collection, uniqueIndexName(fields));
      }
    }
  }

  private collection(name: string): Map<string, StoredDocument> {
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new Map();
      this.collections.set(name, collection);
    }
    return collection;
  }
}

/**
 * What MongoDB stores of a payload written with `ignoreUndefined`: the fields that have a value. A
 * consumer then finds a field either set or absent, whichever driver wrote it.
 */
function withoutUndefinedFields(record: OutboxRecord): OutboxRecord {
  const payload = Object.fromEntries(Object.entries(record.payload).filter(([, value]) => value !== undefined));
  return { ...record, payload };
}

/** Equality on every filtered field: the write side's query, read as the views' query language reads it. */
export function matches(document: StoredDocument, filter: DocumentFilter): boolean {
  return matchesQuery(document, { where: filter });
}
