import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import type { OwnerId } from '../domain/asset.aggregate';
import { StorageAccount } from '../domain/storage-account.aggregate';
import type { StorageAccountRepository } from '../service_layer/ports/storage-account.repository.port';

/** Its `_id` is the owner's id: one account per owner, which two first assets at once both try to insert. */
export type StorageAccountDocument = StoredAggregateMetadata & {
  admitted_assets: number;
};

export const STORAGE_ACCOUNTS_COLLECTION: CollectionSpec = { name: 'storage_accounts', uniqueIndexes: [] };

export class DocumentStorageAccountRepository
  extends DocumentRepository<StorageAccount, StorageAccountDocument>
  implements StorageAccountRepository
{
  protected readonly collection = STORAGE_ACCOUNTS_COLLECTION.name;

  protected toDocument(account: StorageAccount): StorageAccountDocument {
    return { admitted_assets: account.admittedAssets, ...this.storedMetadata(account) };
  }

  protected fromDocument(document: StorageAccountDocument & StoredDocument): StorageAccount {
    return StorageAccount.restore(document._id as OwnerId, this.restoredMetadata(document), { admittedAssets: document.admitted_assets });
  }
}
