import type { AggregateState } from '@keepem/shared/domain';

/** What a user may see of their own account. */
export interface UserProfile {
  id: string;
  username: string;
  email: string;
  public_name: string | null;
  state: AggregateState;
  roles: string[];
  referral_code: string;
  referred_by: string | null;
  created_at: string;
}
