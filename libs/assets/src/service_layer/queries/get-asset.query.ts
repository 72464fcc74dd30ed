import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { AssetRecord } from '../asset-record';

/** One asset, for one of its owners while it is visible (pending or active). */
export class GetAsset extends Query<AssetRecord> {
  declare readonly assetId: string;
  declare readonly readerId: string;

  constructor(props: MessageProps<GetAsset>) {
    super(props);
  }
}
