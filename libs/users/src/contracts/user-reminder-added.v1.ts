import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/**
 * A user set a reminder. A reminder is named by (`user_id`, `title`, `time`): one with the same
 * three replaces the earlier one, so a consumer keeps the latest per name.
 */
export type UserReminderAddedV1 = {
  user_id: string;
  /** 1 to 64 characters, trimmed. */
  title: string;
  /**
   * When it is due first (ISO 8601, UTC).
   * @format date-time
   */
  time: string;
  /** Days between one time and the next; 0 for once. */
  frequency_days: number;
  /** The user it is about, if any (a user id; not checked to be anyone in particular). */
  related_user: string | null;
  added_at: string;
};

export const USER_REMINDER_ADDED_V1 = eventContract<UserReminderAddedV1>(USERS_SOURCE, 'user-reminder-added', 1);
