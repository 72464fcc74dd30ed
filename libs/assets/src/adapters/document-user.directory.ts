import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { KnownUser, UserDirectory } from '../service_layer/ports/user-directory.port';
import { type KnownUserDocument, KNOWN_USERS_COLLECTION } from './document-directory-entry.repository';

const KNOWN_USER_FIELDS = ['username', 'public_name', 'email', 'user_state'] as const;

type KnownUserFields = Pick<KnownUserDocument, (typeof KNOWN_USER_FIELDS)[number]> & { _id: string };

/** Reads the assets context's own copy of users, as its consumers of the users context's events keep it. */
@Injectable()
export class DocumentUserDirectory implements UserDirectory {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async find(userId: string): Promise<KnownUser | null> {
    const found = await this.documents.findById(KNOWN_USERS_COLLECTION.name, userId, KNOWN_USER_FIELDS);
    return found ? knownUserOf(found as KnownUserFields) : null;
  }

  /** Those of `userIds` it knows, each once, in one read. */
  async findMany(userIds: readonly string[]): Promise<KnownUser[]> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) {
      return [];
    }
    const { items } = await this.documents.findPage(KNOWN_USERS_COLLECTION.name, { where: { _id: { in: ids } } }, KNOWN_USER_FIELDS, {
      number: 0,
      size: ids.length,
      sort: { field: 'username', direction: 'asc' },
    });
    const known = new Map(items.map((item) => [item._id, knownUserOf(item as KnownUserFields)]));
    return ids.flatMap((id) => known.get(id) ?? []);
  }
}

function knownUserOf(user: KnownUserFields): KnownUser {
  return {
    userId: user._id,
    username: user.username,
    publicName: user.public_name ?? null,
    email: user.email ?? null,
    state: user.user_state,
  };
}
