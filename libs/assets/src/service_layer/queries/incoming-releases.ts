import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@keepem/shared/service_layer';
import { isDue, type ReleaseRecord } from '../release-record';
import { RELEASES_VIEW, type ReleasesView } from '../ports/releases.view.port';

/**
 * A receiver's incoming releases: live, with them among the receivers, and due (time passed, or
 * none). The stored query language compares by equality only, so the due ones are picked here from
 * the receiver's live releases (a person receives a handful). It answers the users context's
 * PendingLegacyCounter port (see legacy-queries.module.ts).
 */
@Injectable()
export class IncomingReleases {
  constructor(
    @Inject(RELEASES_VIEW) private readonly releases: ReleasesView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The newest first. */
  async of(receiverId: string): Promise<ReleaseRecord[]> {
    const now = this.clock.now();
    return (await this.releases.liveReceivedBy(receiverId)).filter((release) => isDue(release, now));
  }

  async countPendingFor(userId: string): Promise<number> {
    return (await this.of(userId)).length;
  }
}
