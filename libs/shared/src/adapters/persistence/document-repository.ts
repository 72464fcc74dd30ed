import { AggregateMetadata, AggregateRoot } from '../../domain/aggregate-root';
import type { AggregateState } from '../../domain/aggregate-state';
import type { DocumentTransaction } from './document-transaction';
import { DocumentFilter, StoredDocument } from './stored-document';

/** What every aggregate's document stores besides its own fields (the version is the transaction's). */
export type StoredAggregateMetadata = { state: AggregateState; created_at: Date; modified_at: Date };

/**
 * Base of every repository: maps an aggregate to a document and back; the transaction does the
 * writing. Subclasses add the finders their port names.
 */
export abstract class DocumentRepository<Aggregate extends AggregateRoot, Fields extends StoredAggregateMetadata> {
  protected abstract readonly collection: string;

  constructor(protected readonly tx: DocumentTransaction) {}

  protected abstract toDocument(aggregate: Aggregate): Fields;
  protected abstract fromDocument(document: Fields & StoredDocument): Aggregate;

  async findById(id: string): Promise<Aggregate | null> {
    return this.hydrate(await this.tx.session.findById(this.collection, id));
  }

  save(aggregate: Aggregate): void {
    this.tx.track(aggregate, this.collection, () => this.toDocument(aggregate));
  }

  protected async findOneWhere(filter: DocumentFilter): Promise<Aggregate | null> {
    return this.hydrate(await this.tx.session.findOne(this.collection, filter));
  }

  protected async findManyWhere(filter: DocumentFilter): Promise<Aggregate[]> {
    const documents = await this.tx.session.findMany(this.collection, filter);
    return documents.map((document) => this.fromDocument(document as Fields & StoredDocument));
  }

  /** The aggregate's metadata as its document stores it, for `toDocument`. */
  protected storedMetadata(aggregate: Aggregate): StoredAggregateMetadata {
    return { state: aggregate.state, created_at: aggregate.createdAt, modified_at: aggregate.modifiedAt };
  }

  /** The metadata a document restores its aggregate with, for `fromDocument`. */
  protected restoredMetadata(document: Fields & StoredDocument): AggregateMetadata {
    return { createdAt: document.created_at, modifiedAt: document.modified_at, version: document.version, state: document.state };
  }

  private hydrate(document: StoredDocument | null): Aggregate | null {
    return document ? this.fromDocument(document as Fields & StoredDocument) : null;
  }
}
