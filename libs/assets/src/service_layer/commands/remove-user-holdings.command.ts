import { Command, MessageProps } from '@keepem/shared/service_layer';

/**
 * A user's account was removed (users.user-removed): end what the assets context holds for them.
 * Their live releases, as owner or receiver, are cancelled (the assets shown again); the assets
 * they owned alone are removed, files and data keys with them; from the others they step down.
 */
export class RemoveUserHoldings extends Command {
  declare readonly userId: string;

  constructor(props: MessageProps<RemoveUserHoldings>) {
    super(props);
  }
}
