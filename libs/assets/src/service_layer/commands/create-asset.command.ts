import { Command, MessageProps } from '@keepem/shared/service_layer';

/** Create an asset waiting for its file, as its owner declares it; answers the asset's id. */
export class CreateAsset extends Command<string> {
  declare readonly assetId: string;
  declare readonly createdBy: string;
  /** Empty means the creator alone. */
  declare readonly owners: string[];
  declare readonly title: string;
  declare readonly description: string | null;
  declare readonly tags: string[];
  declare readonly people: string[];
  declare readonly location: string | null;
  declare readonly createdDate: string | null;
  declare readonly extraPrivate: boolean;
  declare readonly bookmarked: boolean;
  declare readonly fileName: string;
  declare readonly fileType: string;
  declare readonly fileSizeBytes: number;

  constructor(props: MessageProps<CreateAsset>) {
    super(props);
  }
}
