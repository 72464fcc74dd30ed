import type { UserReminder } from '../user-reminder';

export const USER_REMINDERS_VIEW = Symbol('USER_REMINDERS_VIEW');

/** The query side of reminders: a user's, as stored, without loading the aggregate. */
export interface UserRemindersView {
  /** The user's reminders by time, then title; null when there is no such user. */
  remindersOf(userId: string): Promise<UserReminder[] | null>;
}
