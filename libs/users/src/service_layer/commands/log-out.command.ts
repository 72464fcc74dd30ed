import { Command, MessageMetadata } from '@keepem/shared/service_layer';

export class LogOut extends Command {
  constructor(
    readonly refreshToken: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
