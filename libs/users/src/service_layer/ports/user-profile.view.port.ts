import type { AggregateState } from '@keepem/shared/domain';
import type { Page, PageRequest } from '@keepem/shared/service_layer';
import type { UserProfile } from '../user-profile';

export const USER_PROFILE_VIEW = Symbol('USER_PROFILE_VIEW');

/** What the administrators' list of users can be sorted by. */
export type UserSortField = 'createdAt' | 'username';

/** Which users the administrators' list shows: all, or those in one state, or whose username or e-mail starts with a prefix. */
export interface UserListFilter {
  state?: AggregateState;
  /** Compared with the stored username and e-mail address, which are lowercase. */
  prefix?: string;
}

/** The query side of users: profiles as they are stored, without loading the aggregate. */
export interface UserProfileView {
  findById(userId: string): Promise<UserProfile | null>;
  page(filter: UserListFilter, page: PageRequest<UserSortField>): Promise<Page<UserProfile>>;
}
