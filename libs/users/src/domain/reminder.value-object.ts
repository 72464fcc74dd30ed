import { type FieldError, InvalidInputError, ValueObject } from '@keepem/shared/domain';

export const REMINDER_TITLE_MAX_LENGTH = 64;
/** Ten years: a yearly reminder is 365, and nothing longer is a reminder any more. */
export const REMINDER_MAX_FREQUENCY_DAYS = 3650;
/** The most reminders one user keeps: enough for any person, and a user document stays small. */
export const MAX_REMINDERS_PER_USER = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** What names a reminder: two with the same title at the same instant are one reminder. */
export interface ReminderIdentity {
  title: string;
  time: Date;
}

export interface ReminderInput extends ReminderIdentity {
  /** How many days apart it comes back; 0 for once. */
  frequencyDays: number;
  /** The user it is about (a birthday, an anniversary), if any. */
  relatedUser: string | null;
}

interface ReminderProps {
  title: string;
  /** Epoch milliseconds: a number cannot be changed behind the frozen props, as a Date could. */
  timeMs: number;
  frequencyDays: number;
  relatedUser: string | null;
}

/**
 * Something a user wants to be reminded of, at a time and then every `frequencyDays`. The title is
 * trimmed; the time is an instant, so `10:00+01:00` and `09:00Z` are the same time.
 */
export class Reminder extends ValueObject<ReminderProps> {
  /** `field` prefixes the names of the fields a refusal names, e.g. `3.` for the fourth of a list. */
  static create(input: ReminderInput, field = ''): Reminder {
    const { title, timeMs, problems } = readIdentity(input, field);
    if (!Number.isInteger(input.frequencyDays) || input.frequencyDays < 0 || input.frequencyDays > REMINDER_MAX_FREQUENCY_DAYS) {
      problems.push({
        field: `${field}frequencyDays`,
        message: `the frequency must be a whole number of days from 0 (once) to ${REMINDER_MAX_FREQUENCY_DAYS}`,
      });
    }
    if (input.relatedUser !== null && !UUID.test(input.relatedUser)) {
      problems.push({ field: `${field}relatedUser`, message: 'the related user must be a user id (a UUID)' });
    }
    refuseIfAny(problems);
    return new Reminder({
      title,
      timeMs,
      frequencyDays: input.frequencyDays,
      relatedUser: input.relatedUser?.toLowerCase() ?? null,
    });
  }

  /** The key a reminder with this title and time is found by; the same rules as `create`. */
  static keyOf(identity: ReminderIdentity, field = ''): string {
    const { title, timeMs, problems } = readIdentity(identity, field);
    refuseIfAny(problems);
    return identityKey(title, timeMs);
  }

  get title(): string {
    return this.props.title;
  }
  get time(): Date {
    return new Date(this.props.timeMs);
  }
  get frequencyDays(): number {
    return this.props.frequencyDays;
  }
  get relatedUser(): string | null {
    return this.props.relatedUser;
  }
  get key(): string {
    return identityKey(this.props.title, this.props.timeMs);
  }
}

function identityKey(title: string, timeMs: number): string {
  return `${timeMs}\u0000${title}`;
}

function readIdentity(identity: ReminderIdentity, field: string): { title: string; timeMs: number; problems: FieldError[] } {
  const title = identity.title.trim();
  const timeMs = identity.time.getTime();
  const problems: FieldError[] = [];
  // Counted in characters (code points), as people count them, not in UTF-16 units.
  const length = [...title].length;
  if (length < 1 || length > REMINDER_TITLE_MAX_LENGTH) {
    problems.push({ field: `${field}title`, message: `the title must be 1 to ${REMINDER_TITLE_MAX_LENGTH} characters once trimmed` });
  }
  if (!Number.isFinite(timeMs)) {
    problems.push({ field: `${field}time`, message: 'the time must be a valid date and time' });
  }
  return { title, timeMs, problems };
}

function refuseIfAny(problems: FieldError[]): void {
  if (problems.length > 0) {
    throw new InvalidInputError('The reminder is not valid', problems);
  }
}
