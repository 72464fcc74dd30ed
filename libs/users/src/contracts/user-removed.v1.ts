import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/**
 * An account was removed, by its owner or by an administrator. The user is gone for good: other
 * contexts end what they hold for them (releases, assets they owned alone, co-ownerships). The
 * account's new public profile (state `removed`, no public name) follows as
 * users.public-profile-changed.v1.
 */
export type UserRemovedV1 = {
  user_id: string;
  removed_by: 'self' | 'admin';
  /** The administrator who removed the account; null when its owner did. */
  admin_id: string | null;
  /** The administrator's reason; null when the owner removed their own account. */
  reason: string | null;
  removed_at: string;
};

export const USER_REMOVED_V1 = eventContract<UserRemovedV1>(USERS_SOURCE, 'user-removed', 1);
