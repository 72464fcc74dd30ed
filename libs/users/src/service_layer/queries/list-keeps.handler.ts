import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '@keepem/shared/domain';
import type { Page } from '@keepem/shared/service_layer';
import type { KeepDetails } from '../keep-details';
import { KEEPS_VIEW, type KeepsView } from '../ports/keeps.view.port';
import { USER_PUBLIC_PROFILES_VIEW, type UserPublicProfilesView } from '../ports/user-public-profiles.view.port';
import { keepDetailsOf } from './keep-reader';
import { ListKeeps } from './list-keeps.query';

@QueryHandler(ListKeeps)
export class ListKeepsHandler implements IQueryHandler<ListKeeps> {
  constructor(
    @Inject(KEEPS_VIEW) private readonly keeps: KeepsView,
    @Inject(USER_PUBLIC_PROFILES_VIEW) private readonly profiles: UserPublicProfilesView,
  ) {}

  async execute({ filter, page, reader }: ListKeeps): Promise<Page<KeepDetails>> {
    if (!reader.isAdmin && filter.partyId !== reader.userId) {
      throw new ForbiddenError('Only administrators list keeps other than their own');
    }
    const found = await this.keeps.page(filter, page);
    return { items: await keepDetailsOf(found.items, this.profiles, reader), totalElements: found.totalElements };
  }
}
