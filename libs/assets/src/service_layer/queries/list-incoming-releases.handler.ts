import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, type Page } from '@keepem/shared/service_layer';
import { partiesOf, releaseSeenBy, type ReleaseSeen, withProfiles } from '../release-record';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { IncomingReleases } from './incoming-releases';
import { ListIncomingReleases } from './list-incoming-releases.query';

@QueryHandler(ListIncomingReleases)
export class ListIncomingReleasesHandler implements IQueryHandler<ListIncomingReleases> {
  constructor(
    private readonly incoming: IncomingReleases,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async execute({ receiverId, page }: ListIncomingReleases): Promise<Page<ReleaseSeen>> {
    const all = await this.incoming.of(receiverId);
    const now = this.clock.now();
    const items = all
      .slice(page.number * page.size, (page.number + 1) * page.size)
      .map((release) => releaseSeenBy(release, 'receiver', now));
    return { items: withProfiles(items, await this.users.findMany(partiesOf(items))), totalElements: all.length };
  }
}
