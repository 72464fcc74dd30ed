import { Command, MessageProps } from '@keepem/shared/service_layer';

/** Activation through the e-mailed link: the token names the user. */
export class ActivateUser extends Command<string> {
  declare readonly activationToken: string;

  constructor(props: MessageProps<ActivateUser>) {
    super(props);
  }
}
