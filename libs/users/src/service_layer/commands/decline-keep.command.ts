import { Command, MessageProps } from '@keepem/shared/service_layer';

/** Either side declines a pending keep or ends an active one. */
export class DeclineKeep extends Command {
  declare readonly keepId: string;
  declare readonly userId: string;
  declare readonly reason: string | null;

  constructor(props: MessageProps<DeclineKeep>) {
    super(props);
  }
}
