import type { AggregateState } from '@keepem/shared/domain';
import type { Role } from '../domain/role';

/** What a user may see of their own account (and an administrator of anyone's); never the password hash. */
export interface UserProfile {
  id: string;
  username: string;
  email: string;
  publicName: string | null;
  state: AggregateState;
  roles: Role[];
  referralCode: string;
  /** The user whose referral code this user registered with. */
  referredBy: string | null;
  createdAt: Date;
}
