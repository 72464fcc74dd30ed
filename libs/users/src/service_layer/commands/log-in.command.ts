import { Command, MessageMetadata } from '@keepem/shared/service_layer';
import { SessionTokens } from './session-tokens';

/** One of the two commands that answer with data: the tokens cannot be fetched later. */
export class LogIn extends Command<SessionTokens> {
  constructor(
    readonly sessionId: string,
    readonly email: string,
    readonly password: string,
    readonly deviceId: string | null,
    /** The roles the client asks to use; null asks for the default, `user`. */
    readonly scope: string[] | null,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
