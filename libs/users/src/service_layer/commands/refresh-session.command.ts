import { Command, MessageProps } from '@keepem/shared/service_layer';
import { SessionTokens } from '../session-tokens';

export class RefreshSession extends Command<SessionTokens> {
  declare readonly refreshToken: string;

  constructor(props: MessageProps<RefreshSession>) {
    super(props);
  }
}
