import { Command, MessageProps } from '@keepem/shared/service_layer';

export class LogOut extends Command {
  declare readonly refreshToken: string;

  constructor(props: MessageProps<LogOut>) {
    super(props);
  }
}
