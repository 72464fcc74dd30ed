import { CollectionSpec, DocumentRepository, StoredAggregateMetadata, StoredDocument } from '@keepem/shared/persistence';
import type { OwnerId } from '../domain/asset.aggregate';
import { DirectoryEntry } from '../domain/directory-entry';
import type { DirectoryEntryRepository } from '../service_layer/ports/directory-entry.repository.port';

/**
 * Its `_id` is the user's id. `user_state` is the users context's state of the user; `state` is the
 * entry's own, always active.
 */
export type KnownUserDocument = StoredAggregateMetadata & {
  username: string;
  public_name: string | null;
  user_state: string;
  email: string | null;
  profile_at: Date;
  email_at: Date | null;
};

export const KNOWN_USERS_COLLECTION: CollectionSpec = { name: 'known_users', uniqueIndexes: [] };

export class DocumentDirectoryEntryRepository
  extends DocumentRepository<DirectoryEntry, KnownUserDocument>
  implements DirectoryEntryRepository
{
  protected readonly collection = KNOWN_USERS_COLLECTION.name;

  protected toDocument(entry: DirectoryEntry): KnownUserDocument {
    return {
      username: entry.profile.username,
      public_name: entry.profile.publicName,
      user_state: entry.profile.state,
      email: entry.email,
      profile_at: entry.profileAt,
      email_at: entry.emailAt,
      ...this.storedMetadata(entry),
    };
  }

  protected fromDocument(document: KnownUserDocument & StoredDocument): DirectoryEntry {
    return DirectoryEntry.restore(document._id as OwnerId, this.restoredMetadata(document), {
      profile: { username: document.username, publicName: document.public_name ?? null, state: document.user_state },
      email: document.email ?? null,
      profileAt: document.profile_at,
      emailAt: document.email_at ?? null,
    });
  }
}
