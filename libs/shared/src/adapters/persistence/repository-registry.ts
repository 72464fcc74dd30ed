import { Injectable } from '@nestjs/common';
import { DomainError } from '../../domain/domain-error';
import { RepositoryToken } from '../../service_layer/unit-of-work.port';
import type { DocumentTransaction, RepositoryFactories } from './document-transaction';
import { CollectionSpec, uniqueIndexName } from './stored-document';
import { UniqueConstraintError } from './unique-constraint.error';

type RepositoryFactory<Repository> = (tx: DocumentTransaction) => Repository;

/**
 * Each context tells the unit of work how to build its repositories and which unique indexes its
 * collections need; the unit of work itself knows no context.
 */
@Injectable()
export class RepositoryRegistry implements RepositoryFactories {
  private readonly factories = new Map<RepositoryToken<unknown>, RepositoryFactory<unknown>>();
  private readonly specs = new Map<string, CollectionSpec>();

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

  /** The answer the clashing index's collection gives for it, or the clash itself when it names none. */
  explain(clash: UniqueConstraintError): DomainError {
    const index = this.specs.get(clash.collection)?.uniqueIndexes.find((candidate) => uniqueIndexName(candidate.fields) === clash.index);
    return index?.clash?.() ?? clash;
  }
}
