import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { KeepNotFoundError } from '../../domain/keep.errors';
import type { KeepDetails } from '../keep-details';
import { KEEPS_VIEW, type KeepsView } from '../ports/keeps.view.port';
import { USER_PUBLIC_PROFILES_VIEW, type UserPublicProfilesView } from '../ports/user-public-profiles.view.port';
import { GetKeep } from './get-keep.query';
import { keepDetailsOf } from './keep-reader';

@QueryHandler(GetKeep)
export class GetKeepHandler implements IQueryHandler<GetKeep> {
  constructor(
    @Inject(KEEPS_VIEW) private readonly keeps: KeepsView,
    @Inject(USER_PUBLIC_PROFILES_VIEW) private readonly profiles: UserPublicProfilesView,
  ) {}

  /** Anyone but its parties (and administrators) is told there is no such keep. */
  async execute({ keepId, reader }: GetKeep): Promise<KeepDetails> {
    const keep = await this.keeps.findById(keepId);
    if (!keep || !(reader.isAdmin || reader.userId === keep.requesterId || reader.userId === keep.requestedId)) {
      throw new KeepNotFoundError();
    }
    const [details] = await keepDetailsOf([keep], this.profiles, reader);
    return details;
  }
}
