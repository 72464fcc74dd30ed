import { RepositoryToken } from '@keepem/shared/service_layer';
import type { StorageAccount } from '../../domain/storage-account.aggregate';

export interface StorageAccountRepository {
  /** The owner's account (its id is the owner's), or null before their first asset. */
  findById(ownerId: string): Promise<StorageAccount | null>;
  save(account: StorageAccount): void;
}

export const STORAGE_ACCOUNT_REPOSITORY = new RepositoryToken<StorageAccountRepository>('storage_accounts');
