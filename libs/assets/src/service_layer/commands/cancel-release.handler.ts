import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { ReleaseNotFoundError } from '../../domain/asset-release.errors';
import { ASSET_RELEASE_REPOSITORY } from '../ports/asset-release.repository.port';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { CancelRelease } from './cancel-release.command';

@CommandHandler(CancelRelease)
export class CancelReleaseHandler implements ICommandHandler<CancelRelease> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** One unit of work: the release is cancelled and its assets shown again, with their owners as they were. Anyone else: 404; an ended release: 409. */
  async execute(command: CancelRelease): Promise<void> {
    const now = command.metadata.at;
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const releases = tx.repository(ASSET_RELEASE_REPOSITORY);
      const assets = tx.repository(ASSET_REPOSITORY);
      const release = await releases.findById(command.releaseId);
      if (!release) {
        throw new ReleaseNotFoundError();
      }
      release.cancel(command.userId, command.reason, now);
      for (const assetId of release.assets) {
        const asset = await assets.findById(assetId);
        if (asset) {
          asset.showAgain(now);
          assets.save(asset);
        }
      }
      releases.save(release);
    });
  }
}
