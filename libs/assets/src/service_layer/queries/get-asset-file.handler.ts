import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { ASSET_REPOSITORY } from '../ports/asset.repository.port';
import { FILE_CIPHER, type FileCipher } from '../ports/file-cipher.port';
import { FILE_STORAGE, type FileStorage } from '../ports/file-storage.port';
import { type AssetFile, GetAssetFile } from './get-asset-file.query';

@QueryHandler(GetAssetFile)
export class GetAssetFileHandler implements IQueryHandler<GetAssetFile> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
    @Inject(FILE_CIPHER) private readonly cipher: FileCipher,
  ) {}

  /**
   * Reads the asset itself, as the data key it needs is no part of any view. Anyone but an owner,
   * and an asset that has no file to give (pending, hidden, removed), is told there is no such asset.
   */
  async execute({ assetId, readerId, metadata }: GetAssetFile): Promise<AssetFile> {
    const asset = await this.unitOfWork.run(metadata, (tx) => tx.repository(ASSET_REPOSITORY).findById(assetId));
    if (!asset) {
      throw new AssetNotFoundError();
    }
    const { format, dataKey } = asset.fileReadableBy(readerId);
    if (format !== this.cipher.format) {
      throw new Error(`Asset ${assetId} is stored as ${format}, a format this service does not read`);
    }
    const { storageKey } = asset;
    const { name, type, sizeBytes } = asset.file;
    return {
      name,
      type,
      sizeBytes,
      revision: asset.id,
      read: (range) => this.cipher.decrypt(dataKey, sizeBytes, (stored) => this.storage.read(storageKey, stored), range),
    };
  }
}
