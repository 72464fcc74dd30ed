import { Command, MessageProps } from '@keepem/shared/service_layer';

/** A receiver pulls a release, naming the place when it has one to find. */
export class TriggerRelease extends Command {
  declare readonly releaseId: string;
  declare readonly userId: string;
  declare readonly place: string | null;

  constructor(props: MessageProps<TriggerRelease>) {
    super(props);
  }
}
