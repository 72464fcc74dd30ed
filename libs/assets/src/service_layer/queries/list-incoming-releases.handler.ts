import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock, type Page } from '@keepem/shared/service_layer';
import { releaseSeenBy, type ReleaseSeen } from '../release-record';
import { IncomingReleases } from './incoming-releases';
import { ListIncomingReleases } from './list-incoming-releases.query';

@QueryHandler(ListIncomingReleases)
export class ListIncomingReleasesHandler implements IQueryHandler<ListIncomingReleases> {
  constructor(
    private readonly incoming: IncomingReleases,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ receiverId, page }: ListIncomingReleases): Promise<Page<ReleaseSeen>> {
    const all = await this.incoming.of(receiverId);
    const now = this.clock.now();
    const items = all.slice(page.number * page.size, (page.number + 1) * page.size);
    return { items: items.map((release) => releaseSeenBy(release, 'receiver', now)), totalElements: all.length };
  }
}
