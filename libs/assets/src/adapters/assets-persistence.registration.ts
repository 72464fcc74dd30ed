import { Injectable } from '@nestjs/common';
import { RepositoryRegistry } from '@keepem/shared/persistence';
import { ASSET_RELEASE_REPOSITORY } from '../service_layer/ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../service_layer/ports/asset.repository.port';
import { DIRECTORY_ENTRY_REPOSITORY } from '../service_layer/ports/directory-entry.repository.port';
import { STORAGE_ACCOUNT_REPOSITORY } from '../service_layer/ports/storage-account.repository.port';
import { ASSET_RELEASES_COLLECTION, DocumentAssetReleaseRepository } from './document-asset-release.repository';
import { ASSETS_COLLECTION, DocumentAssetRepository } from './document-asset.repository';
import { DocumentDirectoryEntryRepository, KNOWN_USERS_COLLECTION } from './document-directory-entry.repository';
import { DocumentStorageAccountRepository, STORAGE_ACCOUNTS_COLLECTION } from './document-storage-account.repository';

/** Tells the unit of work how to build this context's repositories and which indexes they need. */
@Injectable()
export class AssetsPersistenceRegistration {
  constructor(registry: RepositoryRegistry) {
    registry.register(ASSET_REPOSITORY, ASSETS_COLLECTION, (tx) => new DocumentAssetRepository(tx));
    registry.register(STORAGE_ACCOUNT_REPOSITORY, STORAGE_ACCOUNTS_COLLECTION, (tx) => new DocumentStorageAccountRepository(tx));
    registry.register(DIRECTORY_ENTRY_REPOSITORY, KNOWN_USERS_COLLECTION, (tx) => new DocumentDirectoryEntryRepository(tx));
    registry.register(ASSET_RELEASE_REPOSITORY, ASSET_RELEASES_COLLECTION, (tx) => new DocumentAssetReleaseRepository(tx));
  }
}
