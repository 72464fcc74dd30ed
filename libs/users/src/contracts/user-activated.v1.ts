import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/** An account became active: its owner may log in from now on. */
export type UserActivatedV1 = {
  user_id: string;
  username: string;
  email: string;
  public_name: string | null;
  /**
   * True when the owner followed the e-mailed link, which proves the address is theirs; false when
   * an administrator activated the account (or it was seeded at start-up).
   */
  address_confirmed: boolean;
  /** The user whose referral code this user registered with, if any (a keep between them is requested). */
  referred_by: string | null;
  activated_at: string;
};

export const USER_ACTIVATED_V1 = eventContract<UserActivatedV1>(USERS_SOURCE, 'user-activated', 1);
