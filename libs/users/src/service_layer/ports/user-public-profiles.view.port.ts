import type { PublicProfile } from '../keep-details';

export const USER_PUBLIC_PROFILES_VIEW = Symbol('USER_PUBLIC_PROFILES_VIEW');

/** Users' public profiles, many at once, so a page of keeps reads its users in one query. */
export interface UserPublicProfilesView {
  /** The profiles of the users found, by id; an unknown id is left out. */
  findByIds(userIds: readonly string[]): Promise<Map<string, PublicProfile>>;
}
