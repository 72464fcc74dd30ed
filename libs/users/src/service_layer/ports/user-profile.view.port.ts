import type { UserProfile } from '../user-profile';

export const USER_PROFILE_VIEW = Symbol('USER_PROFILE_VIEW');

/** The query side of users: profiles as they are stored, without loading the aggregate. */
export interface UserProfileView {
  findById(userId: string): Promise<UserProfile | null>;
}
