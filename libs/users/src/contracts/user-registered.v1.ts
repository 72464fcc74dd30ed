import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/** Someone signed up (or the administrator was seeded). */
export type UserRegisteredV1 = {
  user_id: string;
  username: string;
  email: string;
  public_name: string | null;
  /** The id of the user whose referral code was given, if any. */
  referred_by: string | null;
  /** False for an account created active (the seeded administrator): no activation link is due. */
  activation_required: boolean;
  registered_at: string;
};

export const USER_REGISTERED_V1 = eventContract<UserRegisteredV1>(USERS_SOURCE, 'user-registered', 1);
