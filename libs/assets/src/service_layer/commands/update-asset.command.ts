import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { AssetDetailsProps } from '../../domain/asset-details.value-object';

/**
 * Change what an owner says about an asset: only the fields given (a merge patch), the others
 * stay as they are; null clears an optional text.
 */
export class UpdateAsset extends Command {
  declare readonly assetId: string;
  declare readonly userId: string;
  declare readonly changes: Partial<AssetDetailsProps>;

  constructor(props: MessageProps<UpdateAsset>) {
    super(props);
  }
}
