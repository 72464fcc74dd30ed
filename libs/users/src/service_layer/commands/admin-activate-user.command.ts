import { Command, MessageProps } from '@keepem/shared/service_layer';

/** An administrator activates a pending account, as its e-mailed link would. */
export class AdminActivateUser extends Command {
  declare readonly userId: string;

  constructor(props: MessageProps<AdminActivateUser>) {
    super(props);
  }
}
