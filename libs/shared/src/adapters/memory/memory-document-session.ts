import { OutboxRecord } from '../../service_layer/outbox.port';
import { DocumentSession } from '../persistence/document-session';
import { DocumentFilter, StoredDocument } from '../persistence/stored-document';
import { matches, MemoryDocumentStore, StagedWrite } from './memory-document-store';
import { copyDocument } from './copy-document';

/** One transaction's view: committed data overlaid with its own staged writes (read-your-writes). */
export class MemoryDocumentSession implements DocumentSession {
  private readonly writes: StagedWrite[] = [];
  private readonly outboxRecords: OutboxRecord[] = [];

  constructor(private readonly store: MemoryDocumentStore) {}

  async findById(collection: string, id: string): Promise<StoredDocument | null> {
    const staged = this.staged(collection).find((document) => document._id === id);
    return staged ? copyDocument(staged) : this.store.read(collection, id);
  }

  async findOne(collection: string, filter: DocumentFilter): Promise<StoredDocument | null> {
    const staged = this.staged(collection).find((document) => matches(document, filter));
    return staged ? copyDocument(staged) : this.store.findOne(collection, filter);
  }

  async findMany(collection: string, filter: DocumentFilter): Promise<StoredDocument[]> {
    const staged = new Map(this.staged(collection).map((document) => [document._id, document]));
    const committed = this.store.findMany(collection, filter).filter((document) => !staged.has(document._id));
    const stagedMatches = [...staged.values()].filter((document) => matches(document, filter)).map(copyDocument);
    return [...committed, ...stagedMatches];
  }

  async insert(collection: string, document: StoredDocument): Promise<void> {
    this.writes.push({ collection, document: copyDocument(document), expectedVersion: null });
  }

  async replace(collection: string, document: StoredDocument, expectedVersion: number): Promise<void> {
    this.writes.push({ collection, document: copyDocument(document), expectedVersion });
  }

  async appendToOutbox(record: OutboxRecord): Promise<void> {
    this.outboxRecords.push(record);
  }

  commit(): void {
    this.store.commit(this.writes, this.outboxRecords);
  }

  private staged(collection: string): StoredDocument[] {
    return this.writes.filter((write) => write.collection === collection).map((write) => write.document);
  }
}
