import { Command, MessageProps } from '@keepem/shared/service_layer';

/** Ask another user to keep each other; answers the new keep's id. */
export class RequestKeep extends Command<string> {
  declare readonly keepId: string;
  declare readonly requesterId: string;
  /** Whom to keep: exactly one of their id, their referral code or their e-mail address. */
  declare readonly toId: string | null;
  declare readonly toCode: string | null;
  declare readonly toEmail: string | null;
  /** What the requester calls them, for the requester's eyes. */
  declare readonly nameByRequester: string | null;

  constructor(props: MessageProps<RequestKeep>) {
    super(props);
  }
}
