import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ForbiddenError } from '@keepem/shared/domain';
import { CLOCK, type Clock, type Page } from '@keepem/shared/service_layer';
import { partiesOf, releaseSeenBy, type ReleaseSeen, withProfiles } from '../release-record';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { RELEASES_VIEW, type ReleasesView } from '../ports/releases.view.port';
import { ListReleases } from './list-releases.query';

@QueryHandler(ListReleases)
export class ListReleasesHandler implements IQueryHandler<ListReleases> {
  constructor(
    @Inject(RELEASES_VIEW) private readonly releases: ReleasesView,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** An owner lists their own releases; every other list is an administrator's, who sees no secret either. */
  async execute({ filter, page, reader }: ListReleases): Promise<Page<ReleaseSeen>> {
    const ownList = filter.ownerId === reader.userId;
    if (!reader.isAdmin && !ownList) {
      throw new ForbiddenError('Only administrators list releases other than their own');
    }
    const found = await this.releases.page(filter, page);
    const now = this.clock.now();
    const items = found.items.map((release) =>
      releaseSeenBy(release, release.ownerId === reader.userId ? 'owner' : 'admin', now, reader.userId),
    );
    return { items: withProfiles(items, await this.users.findMany(partiesOf(items))), totalElements: found.totalElements };
  }
}
