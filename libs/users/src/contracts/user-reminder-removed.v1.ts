import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/** A user removed a reminder, named by its title and time (see `users.user-reminder-added.v1`). */
export type UserReminderRemovedV1 = {
  user_id: string;
  title: string;
  /**
   * ISO 8601, UTC.
   * @format date-time
   */
  time: string;
  removed_at: string;
};

export const USER_REMINDER_REMOVED_V1 = eventContract<UserReminderRemovedV1>(USERS_SOURCE, 'user-reminder-removed', 1);
