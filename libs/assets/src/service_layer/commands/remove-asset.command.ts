import { Command, MessageProps } from '@keepem/shared/service_layer';

/** Remove an asset for good: its data key is destroyed and its stored file deleted. */
export class RemoveAsset extends Command {
  declare readonly assetId: string;
  declare readonly userId: string;

  constructor(props: MessageProps<RemoveAsset>) {
    super(props);
  }
}
