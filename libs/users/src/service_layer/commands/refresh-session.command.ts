import { Command, MessageMetadata } from '@keepem/shared/service_layer';
import { SessionTokens } from './session-tokens';

export class RefreshSession extends Command<SessionTokens> {
  constructor(
    readonly refreshToken: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
