import { Command, MessageProps } from '@keepem/shared/service_layer';

export class RegisterUser extends Command {
  declare readonly userId: string;
  declare readonly username: string;
  declare readonly email: string;
  declare readonly password: string;
  declare readonly publicName: string | null;
  declare readonly referralCode: string | null;

  constructor(props: MessageProps<RegisterUser>) {
    super(props);
  }
}
