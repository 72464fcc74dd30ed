import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { AssetDetails } from '../../domain/asset-details.value-object';
import { Asset, AssetId, OwnerId } from '../../domain/asset.aggregate';
import { OtherOwnersNotAllowedError } from '../../domain/asset.errors';
import { DeclaredFile } from '../../domain/declared-file.value-object';
import { StorageAccount } from '../../domain/storage-account.aggregate';
import { StorageQuota } from '../../domain/storage-quota';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { ASSETS_SETTINGS, type AssetsSettings } from '../ports/assets-settings.port';
import { DATA_KEYS, type DataKeys } from '../ports/data-keys.port';
import { FILE_CIPHER, type FileCipher } from '../ports/file-cipher.port';
import { STORAGE_ACCOUNT_REPOSITORY } from '../ports/storage-account.repository.port';
import { CreateAsset } from './create-asset.command';

@CommandHandler(CreateAsset)
export class CreateAssetHandler implements ICommandHandler<CreateAsset> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(DATA_KEYS) private readonly dataKeys: DataKeys,
    @Inject(FILE_CIPHER) private readonly cipher: FileCipher,
    @Inject(ASSETS_SETTINGS) private readonly settings: AssetsSettings,
  ) {}

  /**
   * The asset is admitted on each owner's storage account, which every creation for that owner
   * writes: of two creations at once, the second to commit is run again and counts the first
   * asset, so together they never pass the quota that each fits alone.
   */
  async execute(command: CreateAsset): Promise<string> {
    if (command.owners.some((owner) => owner !== command.createdBy)) {
      throw new OtherOwnersNotAllowedError();
    }
    const details = AssetDetails.parse({
      title: command.title,
      description: command.description,
      tags: command.tags,
      people: command.people,
      location: command.location,
      createdDate: command.createdDate,
      extraPrivate: command.extraPrivate,
      bookmarked: command.bookmarked,
    });
    const file = DeclaredFile.parse(
      { name: command.fileName, type: command.fileType, sizeBytes: command.fileSizeBytes },
      this.settings.maxUploadBytes,
    );
    const encryption = { format: this.cipher.format, dataKey: this.dataKeys.generate() };
    const quota = new StorageQuota(this.settings.storageQuotaBytes);
    const at = command.metadata.at;
    return this.unitOfWork.run(command.metadata, async (tx) => {
      const asset = Asset.create(
        {
          id: command.assetId as AssetId,
          createdBy: command.createdBy as OwnerId,
          owners: command.owners as OwnerId[],
          details,
          file,
          encryption,
        },
        at,
      );
      const assets = tx.repository(ASSET_REPOSITORY);
      const accounts = tx.repository(STORAGE_ACCOUNT_REPOSITORY);
      for (const owner of asset.owners) {
        const account = (await accounts.findById(owner)) ?? StorageAccount.open(owner, at);
        const held = await assets.findHeldBy(owner);
        const usedBytes = held.reduce((sum, other) => sum + other.file.sizeBytes, 0);
        account.admit(file.sizeBytes, usedBytes, quota, at);
        accounts.save(account);
      }
      assets.save(asset);
      return asset.id;
    });
  }
}
