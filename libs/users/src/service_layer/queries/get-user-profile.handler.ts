import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { USER_PROFILE_VIEW, type UserProfileView } from '../ports/user-profile.view.port';
import { GetUserProfile } from './get-user-profile.query';
import { UserProfile } from '../user-profile';

@QueryHandler(GetUserProfile)
export class GetUserProfileHandler implements IQueryHandler<GetUserProfile> {
  constructor(@Inject(USER_PROFILE_VIEW) private readonly profiles: UserProfileView) {}

  /**
   * Someone else's account answers 404, never 403: its existence is not theirs to learn. A removed
   * account is gone to everyone but administrators, who still see what is left of it (its owner
   * may hold an access token for a few more minutes).
   */
  async execute(query: GetUserProfile): Promise<UserProfile> {
    if (query.userId !== query.requesterId && !query.requesterIsAdmin) {
      throw new NotFoundError('User');
    }
    const profile = await this.profiles.findById(query.userId);
    if (!profile || (profile.state === 'removed' && !query.requesterIsAdmin)) {
      throw new NotFoundError('User');
    }
    return profile;
  }
}
