import { MessageProps, type Page, type PageRequest, Query } from '@keepem/shared/service_layer';
import type { AssetRecord } from '../asset-record';
import type { AssetSortField, AssetsFilter } from '../ports/assets.view.port';

/** A page of assets: a user's own active ones (`filter.ownerId` is theirs), or any for an administrator. */
export class ListAssets extends Query<Page<AssetRecord>> {
  declare readonly filter: AssetsFilter;
  declare readonly page: PageRequest<AssetSortField>;
  declare readonly reader: { userId: string; isAdmin: boolean };

  constructor(props: MessageProps<ListAssets>) {
    super(props);
  }
}
