import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentQuery, type DocumentReader, type Page, type PageRequest } from '@keepem/shared/service_layer';
import type { UserProfile } from '../service_layer/user-profile';
import type { UserListFilter, UserProfileView, UserSortField } from '../service_layer/ports/user-profile.view.port';
import { USERS_COLLECTION, type UserDocument } from './document-user.repository';

/** The fields a profile shows; the password hash is not among them, so it is never read. */
const PROFILE_FIELDS = ['username', 'email', 'public_name', 'state', 'roles', 'referral_code', 'referred_by', 'created_at'] as const;

type ProfileDocument = Pick<UserDocument, (typeof PROFILE_FIELDS)[number]> & { _id: string };

/** The stored field each sortable field of the list is. */
const SORTED_BY: Record<UserSortField, keyof UserDocument> = { createdAt: 'created_at', username: 'username' };

/** Reads profiles straight from the users collection the repository writes. */
@Injectable()
export class DocumentUserProfileView implements UserProfileView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findById(userId: string): Promise<UserProfile | null> {
    const user = await this.documents.findById(USERS_COLLECTION.name, userId, PROFILE_FIELDS);
    return user ? profileOf(user as ProfileDocument) : null;
  }

  async page(filter: UserListFilter, page: PageRequest<UserSortField>): Promise<Page<UserProfile>> {
    const query: DocumentQuery = {
      where: filter.state === undefined ? {} : { state: filter.state },
      ...(filter.prefix === undefined
        ? {}
        : { anyOf: [{ username: { startsWith: filter.prefix } }, { email: { startsWith: filter.prefix } }] }),
    };
    const found = await this.documents.findPage(USERS_COLLECTION.name, query, PROFILE_FIELDS, {
      ...page,
      sort: { field: SORTED_BY[page.sort.field], direction: page.sort.direction },
    });
    return { items: found.items.map((user) => profileOf(user as ProfileDocument)), totalElements: found.totalElements };
  }
}

/**
 * The reader hands out a copy, so its roles array is ours to give away. A document this service did
 * not write (imported, or older than a field) may lack the optional fields; a profile always has
 * them, null when empty, as its answer's schema requires.
 */
function profileOf(user: ProfileDocument): UserProfile {
  return {
    id: user._id,
    username: user.username,
    email: user.email,
    publicName: user.public_name ?? null,
    state: user.state,
    roles: user.roles,
    referralCode: user.referral_code,
    referredBy: user.referred_by ?? null,
    createdAt: user.created_at,
  };
}
