import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { Removal } from '../../domain/user-removal';

/** Removes an account: the owner's own (DELETE /me), or anyone's by an administrator, with a reason. */
export class RemoveUser extends Command {
  declare readonly userId: string;
  declare readonly removal: Removal;
  /**
   * Whether the asking access token was handed out by a login (not by a refresh): an owner removes
   * their account only with the password just proven.
   */
  declare readonly freshLogin: boolean;

  constructor(props: MessageProps<RemoveUser>) {
    super(props);
  }
}
