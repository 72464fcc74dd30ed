import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { PublicProfile } from '../service_layer/keep-details';
import type { UserPublicProfilesView } from '../service_layer/ports/user-public-profiles.view.port';
import { type UserDocument, USERS_COLLECTION } from './document-user.repository';

/** The public fields only: an e-mail address is never read for a profile others see. */
const PUBLIC_FIELDS = ['username', 'public_name', 'referral_code'] as const;

type PublicFields = Pick<UserDocument, (typeof PUBLIC_FIELDS)[number]> & { _id: string };

@Injectable()
export class DocumentUserPublicProfilesView implements UserPublicProfilesView {
  constructor(@Inject(DOCUMENT_READER) private readonly documents: DocumentReader) {}

  async findByIds(userIds: readonly string[]): Promise<Map<string, PublicProfile>> {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const { items } = await this.documents.findPage(USERS_COLLECTION.name, { where: { _id: { in: ids } } }, PUBLIC_FIELDS, {
      number: 0,
      size: ids.length,
      sort: { field: 'username', direction: 'asc' },
    });
    return new Map(
      items.map((found) => {
        const user = found as PublicFields;
        const profile = { id: user._id, username: user.username, publicName: user.public_name ?? null, referralCode: user.referral_code };
        return [user._id, profile];
      }),
    );
  }
}
