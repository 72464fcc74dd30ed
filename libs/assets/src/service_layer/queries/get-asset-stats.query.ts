import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { AssetStats } from '../asset-views';

/** What an owner's assets take, per major media type, against their storage quota. */
export class GetAssetStats extends Query<AssetStats> {
  declare readonly ownerId: string;

  constructor(props: MessageProps<GetAssetStats>) {
    super(props);
  }
}
