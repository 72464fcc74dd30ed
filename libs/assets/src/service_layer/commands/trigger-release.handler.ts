import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { ReleaseCanceledBySystemError, ReleaseNotFoundError } from '../../domain/asset-release.errors';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { OWNER_KEEPS, ownerKeepsOrFail, type OwnerKeeps } from '../ports/owner-keeps.port';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { TriggerRelease } from './trigger-release.command';

@CommandHandler(TriggerRelease)
export class TriggerReleaseHandler implements ICommandHandler<TriggerRelease> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(OWNER_KEEPS) private readonly keeps: OwnerKeeps | null,
    @Optional() @Inject(USER_DIRECTORY) private readonly users: UserDirectory | null = null,
  ) {}

  /**
   * One unit of work. Anyone but a receiver is told there is no such release (404), an ended one is
   * over (409), unmet conditions are named (409). Then every receiver must still be a keep of the
   * owner: if one is not, the release is cancelled by the system and its assets shown again, that is
   * committed, and the caller is told so (409). Otherwise it is released and each asset handed on by
   * its bequest, together.
   */
  async execute(command: TriggerRelease): Promise<void> {
    const now = command.metadata.at;
    const canceled = await this.unitOfWork.run(command.metadata, async (tx) => {
      const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
      const assets = tx.repository(ASSET_REPOSITORY);
      const release = await releases.findById(command.releaseId);
      if (!release) {
        throw new ReleaseNotFoundError();
      }
      release.assertTriggerableBy(command.userId, command.place, now);
      const lost = await this.receiversNoLongerKept(release.releaseType === 'to_future_self', release.owner, release.receivers);
      if (lost) {
        release.cancelBySystem(`${lost} is no longer a keep of the owner`, now);
      } else {
        release.trigger(command.userId, command.place, now);
      }
      for (const assetId of release.assets) {
        const asset = await assets.findById(assetId);
        if (!asset) {
          continue;
        }
        if (lost) {
          asset.showAgain(now);
        } else {
          asset.bequeath(release.id, release.bequestType, release.owner, release.receivers, now);
        }
        assets.save(asset);
      }
      releases.save(release);
      return lost ? release.cancelReason : null;
    });
    if (canceled) {
      throw new ReleaseCanceledBySystemError(command.releaseId, canceled);
    }
  }

  /** The first receiver who is no longer an active keep of the owner, by name, or null; a release to oneself has none to lose. */
  private async receiversNoLongerKept(toSelf: boolean, owner: string, receivers: readonly string[]): Promise<string | null> {
    if (toSelf) {
      return null;
    }
    const kept = await ownerKeepsOrFail(this.keeps).activeKeepsOf(owner, receivers);
    const lost = receivers.find((receiver) => !kept.includes(receiver));
    return lost === undefined ? null : this.nameOf(lost);
  }

  /** How people know a user: their username in the assets context's directory, else their id. */
  private async nameOf(userId: string): Promise<string> {
    return (await this.users?.find(userId))?.username ?? userId;
  }
}
