import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AssetNotFoundError } from '../../domain/asset.errors';
import type { AssetRecord } from '../asset-record';
import { ASSETS_VIEW, type AssetsView } from '../ports/assets.view.port';
import { GetAsset } from './get-asset.query';

const VISIBLE_STATES = new Set(['pending', 'active']);

@QueryHandler(GetAsset)
export class GetAssetHandler implements IQueryHandler<GetAsset> {
  constructor(@Inject(ASSETS_VIEW) private readonly assets: AssetsView) {}

  /** Anyone but an owner, and an owner of an asset that is hidden or removed, is told there is no such asset. */
  async execute({ assetId, readerId }: GetAsset): Promise<AssetRecord> {
    const asset = await this.assets.findById(assetId);
    if (!asset || !asset.owners.includes(readerId) || !VISIBLE_STATES.has(asset.state)) {
      throw new AssetNotFoundError();
    }
    return asset;
  }
}
