import { Command, MessageProps } from '@keepem/shared/service_layer';

export class ChangePassword extends Command {
  declare readonly userId: string;
  /** The caller's own session, which goes on; every other session of the user ends. */
  declare readonly sessionId: string;
  declare readonly oldPassword: string;
  declare readonly newPassword: string;

  constructor(props: MessageProps<ChangePassword>) {
    super(props);
  }
}
