/** A reminder as its owner reads it. */
export interface UserReminder {
  title: string;
  time: Date;
  frequencyDays: number;
  relatedUser: string | null;
}
