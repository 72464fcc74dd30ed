import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@keepem/shared/service_layer';
import { USER_PROFILE_VIEW, type UserProfileView } from '../ports/user-profile.view.port';
import type { UserProfile } from '../user-profile';
import { ListUsers } from './list-users.query';

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers> {
  constructor(@Inject(USER_PROFILE_VIEW) private readonly profiles: UserProfileView) {}

  /** Usernames and e-mail addresses are stored trimmed and lowercased, so the prefix is too. */
  execute(query: ListUsers): Promise<Page<UserProfile>> {
    const prefix = query.q?.trim().toLowerCase();
    return this.profiles.page({ state: query.state, prefix: prefix || undefined }, query.page);
  }
}
