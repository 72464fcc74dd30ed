import { Command, MessageProps } from '@keepem/shared/service_layer';

/** "I forgot my password": a reset link to this address, if it is an active account's. */
export class RequestPasswordReset extends Command {
  declare readonly email: string;

  constructor(props: MessageProps<RequestPasswordReset>) {
    super(props);
  }
}
