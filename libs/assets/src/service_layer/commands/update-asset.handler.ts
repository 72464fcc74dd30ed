import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { UpdateAsset } from './update-asset.command';

@CommandHandler(UpdateAsset)
export class UpdateAssetHandler implements ICommandHandler<UpdateAsset> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /** Anyone but an owner is told there is no such asset; an owner is told a hidden one cannot change. */
  async execute(command: UpdateAsset): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = await assets.findById(command.assetId);
      if (!asset) {
        throw new AssetNotFoundError();
      }
      asset.update(command.userId, command.changes, command.metadata.at);
      if (asset.pendingEvents.length > 0) {
        assets.save(asset);
      }
    });
  }
}
