import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { UserProfile } from '../service_layer/user-profile';
import type { UserProfileView } from '../service_layer/ports/user-profile.view.port';
import { USERS_COLLECTION, type UserDocument } from './document-user.repository';

/** The fields a profile shows; the password hash is not among them, so it is never read. */
const PROFILE_FIELDS = ['username', 'email', 'public_name', 'state', 'roles', 'referral_code', 'referred_by', 'created_at'] as const;

type ProfileDocument = Pick<UserDocument, (typeof PROFILE_FIELDS)[number]> & { _id: string };

/** Reads profiles straight from the users collection the repository writes. */
@Injectable()
export class DocumentUserProfileView implements UserProfileView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findById(userId: string): Promise<UserProfile | null> {
    const user = (await this.documents.findById(USERS_COLLECTION.name, userId, PROFILE_FIELDS)) as ProfileDocument | null;
    if (!user) {
      return null;
    }
    // The reader hands out a copy, so its roles array is ours to give away. A document this service
    // did not write (imported, or older than a field) may lack the optional fields; a profile always
    // has them, null when empty, as its answer's schema requires.
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
}
