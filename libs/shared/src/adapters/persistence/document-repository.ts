import { AggregateRoot } from '../../domain/aggregate-root';
import type { DocumentTransaction } from './document-transaction';
import { DocumentFilter, StoredDocument } from './stored-document';

/**
 * Base of every repository: maps an aggregate to a document and back; the transaction does the
 * writing. Subclasses add the finders their port names.
 */
export abstract class DocumentRepository<Aggregate extends AggregateRoot, Fields extends Record<string, unknown>> {
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

  private hydrate(document: StoredDocument | null): Aggregate | null {
    return document ? this.fromDocument(document as Fields & StoredDocument) : null;
  }
}
