import { RepositoryToken } from '@keepem/shared/service_layer';
import type { DirectoryEntry } from '../../domain/directory-entry';

/** The write side of the assets context's copy of users (USER_DIRECTORY reads it). */
export interface DirectoryEntryRepository {
  /** The entry of a user (its id is the user's), or null before anything was heard of them. */
  findById(userId: string): Promise<DirectoryEntry | null>;
  save(entry: DirectoryEntry): void;
}

export const DIRECTORY_ENTRY_REPOSITORY = new RepositoryToken<DirectoryEntryRepository>('known_users');
