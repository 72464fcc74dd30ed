import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, NotFoundError, RuleViolationError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { USER_REMINDER_ADDED_V1 } from '../../contracts';
import type { ReminderInput } from '../../domain/reminder.value-object';
import type { User } from '../../domain/user.aggregate';
import { AddReminders } from './add-reminders.command';
import { AddRemindersHandler } from './add-reminders.handler';

const may4 = new Date('2030-05-04T09:00:00Z');

describe('AddReminders', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const reminder = (input: Partial<ReminderInput> = {}): ReminderInput => ({
    title: 'Call grandma',
    time: may4,
    frequencyDays: 0,
    relatedUser: null,
    ...input,
  });
  const add = (userId: string, reminders: ReminderInput[]) =>
    new AddRemindersHandler(fixture.unitOfWork).execute(new AddReminders({ userId, reminders, metadata: fixture.metadata() }));
  const remindersOf = async (user: User) => (await fixture.storedUser(user.id))?.reminders.map((stored) => stored.title);
  const addedEvents = async (user: User) =>
    (await fixture.outboxOf(user.id)).filter((record) => record.type === USER_REMINDER_ADDED_V1.type).map((record) => record.payload);

  it('stores the reminders in the user and writes users.user-reminder-added.v1 for each', async () => {
    const user = await fixture.activeUser();
    const related = crypto.randomUUID();

    await add(user.id, [reminder({ title: ' Call grandma ', frequencyDays: 7 }), reminder({ title: 'Birthday', relatedUser: related })]);

    expect(await remindersOf(user)).toEqual(['Call grandma', 'Birthday']);
    expect(await addedEvents(user)).toEqual([
      {
        user_id: user.id,
        title: 'Call grandma',
        time: '2030-05-04T09:00:00.000Z',
        frequency_days: 7,
        related_user: null,
        added_at: fixture.clock.now().toISOString(),
      },
      expect.objectContaining({ title: 'Birthday', related_user: related }),
    ]);
  });

  it('replaces a reminder with the same title and time, and publishes nothing for one that is unchanged', async () => {
    const user = await fixture.activeUser();
    await add(user.id, [reminder({ frequencyDays: 7 })]);

    await add(user.id, [reminder({ frequencyDays: 7 })]);
    await add(user.id, [reminder({ frequencyDays: 14 })]);

    expect((await fixture.storedUser(user.id))?.reminders.map((stored) => stored.frequencyDays)).toEqual([14]);
    expect((await addedEvents(user)).map((payload) => payload.frequency_days)).toEqual([7, 14]);
  });

  it('refuses an invalid reminder naming it by its index, and stores nothing', async () => {
    const user = await fixture.activeUser();

    const refused = add(user.id, [reminder(), reminder({ title: '', frequencyDays: -1 })]);

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: '1.title' }, { field: '1.frequencyDays' }] });
    expect(await remindersOf(user)).toEqual([]);
  });

  it('refuses a removed user’s reminders, and answers an unknown user with NotFound', async () => {
    const user = await fixture.activeUser();
    await fixture.alter(user, { state: 'removed' });

    await expect(add(user.id, [reminder()])).rejects.toBeInstanceOf(RuleViolationError);
    await expect(add(crypto.randomUUID(), [reminder()])).rejects.toBeInstanceOf(NotFoundError);
    expect(await remindersOf(user)).toEqual([]);
    expect(await addedEvents(user)).toEqual([]);
  });

  it('two requests that both read the user before either commits: both reminders are kept, each published once', async () => {
    const user = await fixture.activeUser();
    pause.wait = barrier(2);

    await Promise.all([add(user.id, [reminder({ title: 'Morning' })]), add(user.id, [reminder({ title: 'Evening' })])]);

    expect((await remindersOf(user))?.sort()).toEqual(['Evening', 'Morning']);
    expect((await addedEvents(user)).map((payload) => payload.title).sort()).toEqual(['Evening', 'Morning']);
  });
});
