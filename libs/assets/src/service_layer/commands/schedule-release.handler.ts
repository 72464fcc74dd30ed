import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { AssetRelease, type GiftBasics, type ReleaseId } from '../../domain/asset-release.aggregate';
import { DuplicateReleaseError, ReceiverNotAKeepError } from '../../domain/asset-release.errors';
import type { AssetId, OwnerId } from '../../domain/asset.aggregate';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { OWNER_KEEPS, ownerKeepsOrFail, type OwnerKeeps } from '../ports/owner-keeps.port';
import { RELEASE_RANDOM, type ReleaseRandom } from '../ports/release-random.port';
import { ScheduleRelease } from './schedule-release.command';

@CommandHandler(ScheduleRelease)
export class ScheduleReleaseHandler implements ICommandHandler<ScheduleRelease, string> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(OWNER_KEEPS) private readonly keeps: OwnerKeeps | null,
    @Optional() @Inject(RELEASE_RANDOM) private readonly random: ReleaseRandom | null,
  ) {}

  /**
   * One unit of work: the release is checked (400), no live release of the owner's may have the
   * same name and share an asset (409), then each asset must be an active one of the owner's (404
   * otherwise, whosever it is) and each receiver an active keep of theirs (422). The assets are hidden
   * and the release saved together; a release racing this one for an asset finds it hidden (404).
   */
  async execute(command: ScheduleRelease): Promise<string> {
    const now = command.metadata.at;
    const release = this.releaseOf(command, now);
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
      // Before the assets: those the clashing release holds are hidden, and would answer 404 instead.
      const live = await releases.findLiveOf(release.owner);
      if (live.some((other) => other.clashesWith(release.owner, release.name, release.assets))) {
        throw new DuplicateReleaseError(release.name);
      }
      const held = [];
      for (const assetId of release.assets) {
        const asset = await assets.findById(assetId);
        if (!asset) {
          throw new AssetNotFoundError();
        }
        asset.hideFor(release.owner, now);
        held.push(asset);
      }
      if (release.releaseType !== 'to_future_self') {
        const keeps = await ownerKeepsOrFail(this.keeps).activeKeepsOf(release.owner, release.receivers);
        const stranger = release.receivers.find((receiver) => !keeps.includes(receiver));
        if (stranger) {
          throw new ReceiverNotAKeepError(stranger);
        }
      }
      held.forEach((asset) => assets.save(asset));
      releases.save(release);
      return release.id;
    });
  }

  private releaseOf(command: ScheduleRelease, now: Date): AssetRelease {
    const basics: GiftBasics = {
      id: command.releaseId as ReleaseId,
      owner: command.ownerId as OwnerId,
      name: command.name,
      description: command.description,
      assets: command.assets as AssetId[],
      receivers: (command.receivers ?? []) as OwnerId[],
    };
    const invalidDate = new Date(Number.NaN);
    switch (command.releaseType) {
      case 'to_future_self':
        return AssetRelease.toFutureSelf({ ...basics, scheduledDate: command.scheduledDate ?? invalidDate }, now);
      case 'in_a_bottle':
        return AssetRelease.inABottle(
          { ...basics, minDate: command.minDate ?? null, maxDate: command.maxDate ?? null },
          now,
          this.random ?? Math.random,
        );
      case 'hide_and_seek':
        return AssetRelease.hideAndSeek({ ...basics, location: command.location ?? '' }, now);
      case 'time_capsule':
        return AssetRelease.timeCapsule(
          { ...basics, location: command.location ?? '', scheduledDate: command.scheduledDate ?? invalidDate },
          now,
        );
      case 'transfer':
        return AssetRelease.transfer({ ...basics, scheduledDate: command.scheduledDate ?? null, bequest: command.bequest ?? 'gift' }, now);
    }
  }
}
