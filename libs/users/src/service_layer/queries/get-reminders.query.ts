import { MessageProps, Query } from '@keepem/shared/service_layer';
import type { UserReminder } from '../user-reminder';

/** A user's own reminders, soonest first. */
export class GetReminders extends Query<UserReminder[]> {
  declare readonly userId: string;

  constructor(props: MessageProps<GetReminders>) {
    super(props);
  }
}
