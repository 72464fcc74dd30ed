import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { GetUserProfile } from './get-user-profile.query';
import { toUserProfile, UserProfile } from './user-profile';

@QueryHandler(GetUserProfile)
export class GetUserProfileHandler implements IQueryHandler<GetUserProfile> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** Someone else's account answers 404, never 403: its existence is not theirs to learn. */
  async execute(query: GetUserProfile): Promise<UserProfile> {
    if (query.userId !== query.requesterId && !query.requesterIsAdmin) {
      throw new NotFoundError('User');
    }
    const user = await this.unitOfWork.run(query.metadata, (tx) => tx.repository(USER_REPOSITORY).findById(query.userId));
    if (!user) {
      throw new NotFoundError('User');
    }
    return toUserProfile(user);
  }
}
