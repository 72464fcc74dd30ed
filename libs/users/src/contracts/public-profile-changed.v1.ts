import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/**
 * What anyone may know of a user, whole, each time any of it changes (sign-up, activation, a new
 * public name, removal): a consumer keeps its own copy by storing the latest per `user_id`
 * (event-carried state transfer). Never an e-mail address.
 */
export type PublicProfileChangedV1 = {
  user_id: string;
  username: string;
  public_name: string | null;
  /** `pending`, `active` or `removed`: only an active user can be handed anything. */
  state: string;
  changed_at: string;
};

export const PUBLIC_PROFILE_CHANGED_V1 = eventContract<PublicProfileChangedV1>(USERS_SOURCE, 'public-profile-changed', 1);
