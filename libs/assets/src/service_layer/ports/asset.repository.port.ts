import { RepositoryToken } from '@keepem/shared/service_layer';
import type { Asset } from '../../domain/asset.aggregate';

export interface AssetRepository {
  findById(id: string): Promise<Asset | null>;
  /** Every asset the user owns that is not removed (pending, active or hidden): what counts against their quota. */
  findHeldBy(ownerId: string): Promise<Asset[]>;
  save(asset: Asset): void;
}

export const ASSET_REPOSITORY = new RepositoryToken<AssetRepository>('assets');
