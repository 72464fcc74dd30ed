import type { AggregateState } from '@keepem/shared/domain';
import type { Page, PageRequest } from '@keepem/shared/service_layer';
import type { AssetHolding, AssetRecord } from '../asset-record';

export const ASSETS_VIEW = Symbol('ASSETS_VIEW');

export type AssetSortField = 'createdAt' | 'title' | 'size';

/** Which assets a list shows; every condition given must hold. */
export interface AssetsFilter {
  /** Assets this user owns (alone or with others); every owner's when null. */
  ownerId: string | null;
  /** In one of these states; any state when empty. */
  states: AggregateState[];
  /** Files of one of these types, each a major type (`image`) or a full one (`image/png`), lower-cased; any when empty. */
  fileTypes: string[];
  /** Tagged with at least one of these tags, lower-cased; any when empty. */
  tags: string[];
  bookmarked: boolean | null;
  extraPrivate: boolean | null;
}

/** The query side of assets: stored assets as they are, without loading aggregates. */
export interface AssetsView {
  findById(assetId: string): Promise<AssetRecord | null>;
  page(filter: AssetsFilter, page: PageRequest<AssetSortField>): Promise<Page<AssetRecord>>;
  /** Every asset the owner holds (not removed), as much as their stats and tag cloud count. */
  holdingsOf(ownerId: string): Promise<AssetHolding[]>;
}
