import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@keepem/shared/service_layer';
import { ReleaseNotFoundError } from '../../domain/asset-release.errors';
import { partiesOf, releaseSeenBy, type ReleaseSeen, withProfiles } from '../release-record';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { RELEASES_VIEW, type ReleasesView } from '../ports/releases.view.port';
import { GetRelease } from './get-release.query';

@QueryHandler(GetRelease)
export class GetReleaseHandler implements IQueryHandler<GetRelease> {
  constructor(
    @Inject(RELEASES_VIEW) private readonly releases: ReleasesView,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** Anyone but its owner and its receivers is told there is no such release, whatever its state. */
  async execute({ releaseId, readerId }: GetRelease): Promise<ReleaseSeen> {
    const release = await this.releases.findById(releaseId);
    if (release?.ownerId === readerId) {
      return this.withProfiles(releaseSeenBy(release, 'owner', this.clock.now(), readerId));
    }
    if (release?.receivers.includes(readerId)) {
      return this.withProfiles(releaseSeenBy(release, 'receiver', this.clock.now()));
    }
    throw new ReleaseNotFoundError();
  }

  private async withProfiles(release: ReleaseSeen): Promise<ReleaseSeen> {
    return withProfiles([release], await this.users.findMany(partiesOf([release])))[0];
  }
}
