import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { FILE_STORAGE, type FileStorage } from '../ports/file-storage.port';
import { deleteStoredFileOf } from '../stored-files';
import { RemoveAsset } from './remove-asset.command';

@CommandHandler(RemoveAsset)
export class RemoveAssetHandler implements ICommandHandler<RemoveAsset> {
  private readonly logger = new Logger(RemoveAssetHandler.name);

  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  /**
   * The removal commits first (the data key goes with it), then the file is deleted, outside the
   * transaction, which may run again and must not delete anything itself. A failed delete does not
   * undo the removal: the consumer of assets.asset-removed.v1 deletes it again until it is gone.
   */
  async execute(command: RemoveAsset): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const assets = tx.repository(ASSET_REPOSITORY);
      const asset = await assets.findById(command.assetId);
      if (!asset) {
        throw new AssetNotFoundError();
      }
      asset.remove(command.userId, command.metadata.at);
      assets.save(asset);
    });
    await deleteStoredFileOf(this.storage, command.assetId).catch((error: unknown) =>
      this.logger.warn(`The file of removed asset ${command.assetId} is left for its removal event to delete: ${String(error)}`),
    );
  }
}
