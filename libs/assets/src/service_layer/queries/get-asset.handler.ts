import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AssetNotFoundError } from '../../domain/asset.errors';
import { isVisibleTo } from '../../domain/asset-states';
import type { AssetRecord } from '../asset-record';
import { ASSETS_VIEW, type AssetsView } from '../ports/assets.view.port';
import { GetAsset } from './get-asset.query';

@QueryHandler(GetAsset)
export class GetAssetHandler implements IQueryHandler<GetAsset> {
  constructor(@Inject(ASSETS_VIEW) private readonly assets: AssetsView) {}

  /** Anyone but an owner, and an owner of an asset that is hidden or removed, is told there is no such asset. */
  async execute({ assetId, readerId }: GetAsset): Promise<AssetRecord> {
    const asset = await this.assets.findById(assetId);
    if (!asset || !isVisibleTo(asset, readerId)) {
      throw new AssetNotFoundError();
    }
    return asset;
  }
}
