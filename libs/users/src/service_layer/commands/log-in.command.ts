import { Command, MessageProps } from '@keepem/shared/service_layer';
import { SessionTokens } from '../session-tokens';

/** One of the two commands that answer with data: the tokens cannot be fetched later. */
export class LogIn extends Command<SessionTokens> {
  declare readonly sessionId: string;
  declare readonly email: string;
  declare readonly password: string;
  declare readonly deviceId: string | null;
  /** The roles the client asks to use; null asks for the default, `user`. */
  declare readonly scope: string[] | null;

  constructor(props: MessageProps<LogIn>) {
    super(props);
  }
}
