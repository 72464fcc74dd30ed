import { Command, MessageProps } from '@keepem/shared/service_layer';
import type { ReminderInput } from '../../domain/reminder.value-object';

/** Sets some of the user's reminders; one named like a reminder the user has (title and time) replaces it. */
export class AddReminders extends Command {
  declare readonly userId: string;
  declare readonly reminders: readonly ReminderInput[];

  constructor(props: MessageProps<AddReminders>) {
    super(props);
  }
}
