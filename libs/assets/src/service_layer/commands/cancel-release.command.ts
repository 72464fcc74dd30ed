import { Command, MessageProps } from '@keepem/shared/service_layer';

/** The owner or a receiver calls a scheduled release off. */
export class CancelRelease extends Command {
  declare readonly releaseId: string;
  declare readonly userId: string;
  declare readonly reason: string | null;

  constructor(props: MessageProps<CancelRelease>) {
    super(props);
  }
}
