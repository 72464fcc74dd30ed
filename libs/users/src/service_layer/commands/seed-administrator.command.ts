import { Command, MessageMetadata } from '@keepem/shared/service_layer';

export class SeedAdministrator extends Command {
  constructor(
    readonly userId: string,
    readonly email: string,
    readonly password: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
