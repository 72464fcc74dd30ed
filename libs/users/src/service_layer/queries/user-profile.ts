import type { AggregateState } from '@keepem/shared/domain';
import type { User } from '../../domain/user.aggregate';

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

export function toUserProfile(user: User): UserProfile {
  return {
    id: user.id,
    username: user.username.value,
    email: user.email.value,
    public_name: user.publicName,
    state: user.state,
    roles: [...user.roles],
    referral_code: user.referralCode.value,
    referred_by: user.referredBy,
    created_at: user.createdAt.toISOString(),
  };
}
