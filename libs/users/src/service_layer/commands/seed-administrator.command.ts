import { Command, MessageProps } from '@keepem/shared/service_layer';

export class SeedAdministrator extends Command {
  declare readonly userId: string;
  declare readonly email: string;
  declare readonly password: string;

  constructor(props: MessageProps<SeedAdministrator>) {
    super(props);
  }
}
