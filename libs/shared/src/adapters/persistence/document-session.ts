import { OutboxRecord } from '../../service_layer/outbox.port';
import { DocumentFilter, StoredDocument } from './stored-document';

/**
 * The seam between the unit of work and a database: what one transaction may read and write.
 * Memory and MongoDB each implement it once; everything above it is shared, so the two drivers
 * cannot drift apart in behaviour.
 */
export interface DocumentSession {
  findById(collection: string, id: string): Promise<StoredDocument | null>;
  findOne(collection: string, filter: DocumentFilter): Promise<StoredDocument | null>;
  /** Every document matching `filter`, as this transaction sees them; for small sets (a user's sessions), never a whole collection. */
  findMany(collection: string, filter: DocumentFilter): Promise<StoredDocument[]>;
  insert(collection: string, document: StoredDocument): Promise<void>;
  /** Replaces the document whose version is `expectedVersion`, or fails with a concurrency conflict. */
  replace(collection: string, document: StoredDocument, expectedVersion: number): Promise<void>;
  appendToOutbox(record: OutboxRecord): Promise<void>;
}
