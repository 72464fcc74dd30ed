import type { AggregateState } from '@keepem/shared/domain';
import { MessageProps, type Page, type PageRequest, Query } from '@keepem/shared/service_layer';
import type { UserSortField } from '../ports/user-profile.view.port';
import type { UserProfile } from '../user-profile';

/** Administrators' list of users: all, or in one state, or found by the start of a username or e-mail address. */
export class ListUsers extends Query<Page<UserProfile>> {
  declare readonly state?: AggregateState;
  /** Any case: usernames and e-mail addresses are stored lowercase. */
  declare readonly q?: string;
  declare readonly page: PageRequest<UserSortField>;

  constructor(props: MessageProps<ListUsers>) {
    super(props);
  }
}
