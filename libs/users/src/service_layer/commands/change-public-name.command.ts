import { Command, MessageProps } from '@keepem/shared/service_layer';

export class ChangePublicName extends Command {
  declare readonly userId: string;
  /** The new name, trimmed by the aggregate; null clears it. */
  declare readonly publicName: string | null;

  constructor(props: MessageProps<ChangePublicName>) {
    super(props);
  }
}
