import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { ReminderIdentity } from '../../domain/reminder.value-object';

/** Removes the user's reminders named by title and time; a name none of them has is passed over. */
export class RemoveReminders extends Command {
  declare readonly userId: string;
  declare readonly reminders: readonly ReminderIdentity[];

  constructor(props: MessageProps<RemoveReminders>) {
    super(props);
  }
}
