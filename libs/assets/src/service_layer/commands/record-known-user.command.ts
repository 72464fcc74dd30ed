import { Command, MessageProps } from '@keepem/shared/service_layer';

/**
 * Take in what the users context published of a user (users.user-registered, users.user-activated,
 * users.public-profile-changed) into the assets context's own copy of users.
 */
export class RecordKnownUser extends Command {
  declare readonly userId: string;
  declare readonly username: string;
  declare readonly publicName: string | null;
  /** The users context's state of the user: `pending`, `active` or `removed`. */
  declare readonly state: string;
  /** Null when the event carries none (users.public-profile-changed never does). */
  declare readonly email: string | null;
  /** When it was true in the users context: the event's own time. */
  declare readonly occurredAt: Date;

  constructor(props: MessageProps<RecordKnownUser>) {
    super(props);
  }
}
