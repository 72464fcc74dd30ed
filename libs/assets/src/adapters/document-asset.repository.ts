import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import { AssetDetails } from '../domain/asset-details.value-object';
import { Asset, AssetId, OwnerId } from '../domain/asset.aggregate';
import { HELD_STATES } from '../domain/asset-states';
import { DeclaredFile } from '../domain/declared-file.value-object';
import type { AssetRepository } from '../service_layer/ports/asset.repository.port';

export type AssetFileDocument = {
  name: string;
  /** The media type's essence, e.g. `image/jpeg`. */
  type: string;
  size_bytes: number;
};

export type AssetEncryptionDocument = {
  format: string;
  data_key: { algorithm: string; key_id: string; wrapped: string };
};

export type AssetDocument = StoredAggregateMetadata & {
  owners_id: string[];
  title: string;
  /** The title lower-cased: what the owner's list sorts by, so that `apple` and `Zebra` come in that order. */
  title_order: string;
  description: string | null;
  tags: string[];
  people: string[];
  location: string | null;
  created_date: string | null;
  extra_private: boolean;
  bookmarked: boolean;
  file: AssetFileDocument;
  /** Null once the asset is removed: its data key is destroyed with it. */
  encryption: AssetEncryptionDocument | null;
  upload_claim: { upload_id: string; by: string; until: Date } | null;
};

export const ASSETS_COLLECTION: CollectionSpec = {
  name: 'assets',
  uniqueIndexes: [],
  // An owner's assets by state, in each order their list sorts by (owners_id is an array: MongoDB
  // indexes each owner). The admin list filters by state alone. Tags are an array too, and an index
  // may hold only one array field, so the tag filter runs on what the owner's index picks.
  lookupIndexes: [
    ['owners_id', 'state', 'created_at'],
    ['owners_id', 'state', 'title_order'],
    ['owners_id', 'state', 'file.size_bytes'],
    ['state', 'created_at'],
    // The data keys a retired KEK still wraps, which a key rotation re-wraps.
    ['encryption.data_key.key_id'],
  ],
};

export class DocumentAssetRepository extends DocumentRepository<Asset, AssetDocument> implements AssetRepository {
  protected readonly collection = ASSETS_COLLECTION.name;

  /** By owner and state, so the removed assets an owner gathers over time are never read. */
  async findHeldBy(ownerId: string): Promise<Asset[]> {
    const held: Asset[] = [];
    for (const state of HELD_STATES) {
      held.push(...(await this.findManyWhere({ owners_id: ownerId, state })));
    }
    return held;
  }

  protected toDocument(asset: Asset): AssetDocument {
    const details = asset.details.toProps();
    const claim = asset.uploadClaim;
    const encryption = asset.encryption;
    return {
      owners_id: [...asset.owners],
      title: details.title,
      title_order: details.title.toLowerCase(),
      description: details.description,
      tags: details.tags,
      people: details.people,
      location: details.location,
      created_date: details.createdDate,
      extra_private: details.extraPrivate,
      bookmarked: details.bookmarked,
      file: { name: asset.file.name, type: asset.file.type, size_bytes: asset.file.sizeBytes },
      encryption: encryption
        ? {
            format: encryption.format,
            data_key: { algorithm: encryption.dataKey.algorithm, key_id: encryption.dataKey.keyId, wrapped: encryption.dataKey.wrapped },
          }
        : null,
      upload_claim: claim ? { upload_id: claim.uploadId, by: claim.by, until: claim.until } : null,
      ...this.storedMetadata(asset),
    };
  }

  protected fromDocument(document: AssetDocument & StoredDocument): Asset {
    const { encryption, upload_claim: claim } = document;
    return Asset.restore(document._id as AssetId, this.restoredMetadata(document), {
      owners: document.owners_id as OwnerId[],
      details: AssetDetails.restore({
        title: document.title,
        description: document.description ?? null,
        tags: document.tags ?? [],
        people: document.people ?? [],
        location: document.location ?? null,
        createdDate: document.created_date ?? null,
        extraPrivate: document.extra_private,
        bookmarked: document.bookmarked,
      }),
      file: DeclaredFile.restore({ name: document.file.name, type: document.file.type, sizeBytes: document.file.size_bytes }),
      encryption: encryption
        ? {
            format: encryption.format,
            dataKey: { algorithm: encryption.data_key.algorithm, keyId: encryption.data_key.key_id, wrapped: encryption.data_key.wrapped },
          }
        : null,
      uploadClaim: claim ? { uploadId: claim.upload_id, by: claim.by as OwnerId, until: claim.until } : null,
    });
  }
}
