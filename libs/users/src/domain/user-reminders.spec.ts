import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, RuleViolationError } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { ReferralCode } from './referral-code.value-object';
import { MAX_REMINDERS_PER_USER, Reminder, type ReminderInput } from './reminder.value-object';
import { User, UserId } from './user.aggregate';
import { TooManyRemindersError } from './user.errors';
import { UserReminderAdded, UserReminderRemoved } from './user.events';
import { Username } from './username.value-object';

const at = new Date('2026-01-01T00:00:00Z');
const may4 = new Date('2030-05-04T09:00:00Z');

function activeUser(): User {
  const user = User.register(
    {
      id: crypto.randomUUID() as UserId,
      username: Username.parse('ada'),
      email: EmailAddress.parse('ada@example.com'),
      publicName: null,
      passwordHash: 'hash',
      referralCode: ReferralCode.parse('K7PQR'),
      referredBy: null,
    },
    at,
  );
  user.activate(at);
  user.markCommitted();
  return user;
}

const reminder = (input: Partial<ReminderInput> = {}) =>
  Reminder.create({ title: 'Call grandma', time: may4, frequencyDays: 0, relatedUser: null, ...input });

const shown = (user: User) => user.reminders.map(({ title, time, frequencyDays }) => ({ title, time: time.toISOString(), frequencyDays }));

describe('Reminder', () => {
  it('trims its title and is named by its title and instant', () => {
    const set = reminder({ title: '  Call grandma ' });
    expect(set.title).toBe('Call grandma');
    expect(set.key).toBe(Reminder.keyOf({ title: 'Call grandma', time: new Date('2030-05-04T11:00:00+02:00') }));
    expect(set.key).not.toBe(Reminder.keyOf({ title: 'call grandma', time: may4 }));
  });

  it('counts the title in characters, not UTF-16 units', () => {
    expect(reminder({ title: '🎂'.repeat(64) }).title).toHaveLength(128);
    expect(() => reminder({ title: '🎂'.repeat(65) })).toThrow(InvalidInputError);
  });

  it('refuses what it cannot be, naming every field at once under the prefix given', () => {
    let refusal: unknown;
    try {
      Reminder.create({ title: ' ', time: new Date(Number.NaN), frequencyDays: 3651, relatedUser: 'bob' }, '3.');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(InvalidInputError);
    expect((refusal as InvalidInputError).fieldErrors.map((error) => error.field)).toEqual([
      '3.title',
      '3.time',
      '3.frequencyDays',
      '3.relatedUser',
    ]);
    expect(() => reminder({ frequencyDays: 1.5 })).toThrow(InvalidInputError);
    expect(() => reminder({ frequencyDays: -1 })).toThrow(InvalidInputError);
    expect(reminder({ frequencyDays: 3650 }).frequencyDays).toBe(3650);
  });

  it('cannot be changed through the date it hands out', () => {
    const set = reminder();
    set.time.setTime(0);
    expect(set.time).toEqual(may4);
  });
});

describe('User reminders', () => {
  it('adds reminders and records UserReminderAdded for each', () => {
    const user = activeUser();
    const related = crypto.randomUUID();

    user.addReminders([reminder(), reminder({ title: 'Birthday', frequencyDays: 365, relatedUser: related })], at);

    expect(shown(user)).toEqual([
      { title: 'Call grandma', time: may4.toISOString(), frequencyDays: 0 },
      { title: 'Birthday', time: may4.toISOString(), frequencyDays: 365 },
    ]);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserReminderAdded, UserReminderAdded]);
    expect(user.pendingEvents[1].payload).toEqual({
      userId: user.id,
      title: 'Birthday',
      time: may4,
      frequencyDays: 365,
      relatedUser: related,
    });
    expect(user.modifiedAt).toBe(at);
  });

  it('replaces a reminder with the same title and time; a later one in the same list wins', () => {
    const user = activeUser();
    user.addReminders([reminder({ frequencyDays: 7 }), reminder({ time: new Date('2030-05-05T09:00:00Z') })], at);
    user.markCommitted();

    user.addReminders([reminder({ frequencyDays: 14 }), reminder({ frequencyDays: 30 })], at);

    expect(shown(user)).toEqual([
      { title: 'Call grandma', time: may4.toISOString(), frequencyDays: 30 },
      { title: 'Call grandma', time: '2030-05-05T09:00:00.000Z', frequencyDays: 0 },
    ]);
    expect(user.pendingEvents.map((event) => event.payload)).toEqual([
      expect.objectContaining({ frequencyDays: 14 }),
      expect.objectContaining({ frequencyDays: 30 }),
    ]);
  });

  it('records nothing for a reminder equal to one the user has', () => {
    const user = activeUser();
    user.addReminders([reminder({ frequencyDays: 7 })], at);
    user.markCommitted();

    user.addReminders([reminder({ title: ' Call grandma ', frequencyDays: 7 })], at);

    expect(user.reminders).toHaveLength(1);
    expect(user.pendingEvents).toEqual([]);
  });

  it(`keeps at most ${MAX_REMINDERS_PER_USER}: a list that would make more is refused whole`, () => {
    const user = activeUser();
    const numbered = (from: number, count: number) => Array.from({ length: count }, (_, index) => reminder({ title: `r${from + index}` }));
    user.addReminders(numbered(0, MAX_REMINDERS_PER_USER - 1), at);
    user.markCommitted();

    expect(() => user.addReminders(numbered(MAX_REMINDERS_PER_USER - 1, 2), at)).toThrow(TooManyRemindersError);
    expect(() => user.addReminders(numbered(MAX_REMINDERS_PER_USER - 1, 2), at)).toThrow(
      `A user keeps at most 100 reminders: you have 99, and these would make 101. Remove some first`,
    );
    expect(user.reminders).toHaveLength(MAX_REMINDERS_PER_USER - 1);
    expect(user.pendingEvents).toEqual([]);

    // Replacing one the user has takes no room.
    user.addReminders([...numbered(0, 1), ...numbered(MAX_REMINDERS_PER_USER - 1, 1)], at);
    expect(user.reminders).toHaveLength(MAX_REMINDERS_PER_USER);
  });

  it('removes reminders by key, records UserReminderRemoved for each, and passes over keys it does not have', () => {
    const user = activeUser();
    user.addReminders([reminder(), reminder({ title: 'Water the plants' })], at);
    user.markCommitted();

    user.removeReminders([Reminder.keyOf({ title: 'Call grandma', time: may4 }), Reminder.keyOf({ title: 'Nothing', time: may4 })], at);

    expect(user.reminders.map((kept) => kept.title)).toEqual(['Water the plants']);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserReminderRemoved]);
    expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, title: 'Call grandma', time: may4 });
  });

  it.each(['removed', 'inactive'] as const)('refuses any change to the reminders of a %s user', (state) => {
    const user = User.restore(
      crypto.randomUUID() as UserId,
      { createdAt: at, modifiedAt: at, version: 3, state },
      {
        username: Username.parse('ada'),
        email: EmailAddress.parse('ada@example.com'),
        publicName: null,
        passwordHash: 'hash',
        roles: ['user'],
        referralCode: ReferralCode.parse('K7PQR'),
        referredBy: null,
        reminders: [reminder()],
      },
    );

    expect(() => user.addReminders([reminder({ title: 'Birthday' })], at)).toThrow(RuleViolationError);
    expect(() => user.removeReminders([reminder().key], at)).toThrow(RuleViolationError);
    expect(user.reminders).toHaveLength(1);
    expect(user.pendingEvents).toEqual([]);
  });
});
