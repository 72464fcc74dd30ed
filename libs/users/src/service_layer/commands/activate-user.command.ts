import { Command, MessageMetadata } from '@keepem/shared/service_layer';

/** Activation through the e-mailed link: the token names the user. */
export class ActivateUser extends Command<string> {
  constructor(
    readonly activationToken: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
