import { Command, MessageMetadata } from '@keepem/shared/service_layer';

export class RegisterUser extends Command {
  constructor(
    readonly userId: string,
    readonly username: string,
    readonly email: string,
    readonly password: string,
    readonly publicName: string | null,
    readonly referralCode: string | null,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
