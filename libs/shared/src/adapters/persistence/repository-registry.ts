import { Injectable } from '@nestjs/common';
import { RepositoryToken } from '../../service_layer/unit-of-work.port';
import type { DocumentTransaction, RepositoryFactories } from './document-transaction';
import { CollectionSpec, INBOX_COLLECTION } from './stored-document';

type RepositoryFactory<Repository> = (tx: DocumentTransaction) => Repository;

/**
 * Each context tells the unit of work how to build its repositories and which unique indexes its
 * collections need; the unit of work itself knows no context.
 */
@Injectable()
export class RepositoryRegistry implements RepositoryFactories {
  private readonly factories = new Map<RepositoryToken<unknown>, RepositoryFactory<unknown>>();
  private readonly specs = new Map<string, CollectionSpec>([[INBOX_COLLECTION, { name: INBOX_COLLECTION, uniqueIndexes: [] }]]);

  register<Repository>(token: RepositoryToken<Repository>, collection: CollectionSpec, factory: RepositoryFactory<Repository>): void {
    this.factories.set(token, factory);
    this.specs.set(collection.name, collection);
  }

  create<Repository>(token: RepositoryToken<Repository>, tx: DocumentTransaction): Repository {
    const factory = this.factories.get(token);
    if (!factory) {
      throw new Error(`No repository is registered for ${token.name}`);
    }
    return factory(tx) as Repository;
  }

  collections(): CollectionSpec[] {
    return [...this.specs.values()];
  }
}
