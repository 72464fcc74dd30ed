import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { USER_REMINDER_REMOVED_V1 } from '../../contracts';
import type { ReminderIdentity } from '../../domain/reminder.value-object';
import type { User } from '../../domain/user.aggregate';
import { AddReminders } from './add-reminders.command';
import { AddRemindersHandler } from './add-reminders.handler';
import { RemoveReminders } from './remove-reminders.command';
import { RemoveRemindersHandler } from './remove-reminders.handler';

const may4 = new Date('2030-05-04T09:00:00Z');

describe('RemoveReminders', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const userWithReminders = async (...titles: string[]) => {
    const user = await fixture.activeUser();
    await new AddRemindersHandler(fixture.unitOfWork).execute(
      new AddReminders({
        userId: user.id,
        reminders: titles.map((title) => ({ title, time: may4, frequencyDays: 0, relatedUser: null })),
        metadata: fixture.metadata(),
      }),
    );
    return user;
  };
  const remove = (userId: string, reminders: ReminderIdentity[]) =>
    new RemoveRemindersHandler(fixture.unitOfWork).execute(new RemoveReminders({ userId, reminders, metadata: fixture.metadata() }));
  const remindersOf = async (user: User) => (await fixture.storedUser(user.id))?.reminders.map((stored) => stored.title);
  const removedEvents = async (user: User) =>
    (await fixture.outboxOf(user.id)).filter((record) => record.type === USER_REMINDER_REMOVED_V1.type).map((record) => record.payload);

  it('removes the reminders named, writes users.user-reminder-removed.v1 for each, and passes over unknown ones', async () => {
    const user = await userWithReminders('Call grandma', 'Water the plants');

    await remove(user.id, [
      { title: ' Call grandma ', time: new Date('2030-05-04T11:00:00+02:00') },
      { title: 'Never set', time: may4 },
    ]);

    expect(await remindersOf(user)).toEqual(['Water the plants']);
    expect(await removedEvents(user)).toEqual([
      { user_id: user.id, title: 'Call grandma', time: may4.toISOString(), removed_at: fixture.clock.now().toISOString() },
    ]);
  });

  it('removing twice publishes once', async () => {
    const user = await userWithReminders('Call grandma');

    await remove(user.id, [{ title: 'Call grandma', time: may4 }]);
    await remove(user.id, [{ title: 'Call grandma', time: may4 }]);

    expect(await remindersOf(user)).toEqual([]);
    expect(await removedEvents(user)).toHaveLength(1);
  });

  it('refuses a removed user', async () => {
    const user = await userWithReminders('Call grandma');
    await fixture.alter(user, { state: 'removed' });

    await expect(remove(user.id, [{ title: 'Call grandma', time: may4 }])).rejects.toBeInstanceOf(RuleViolationError);
    expect(await remindersOf(user)).toEqual(['Call grandma']);
  });

  it('two removals at once that both read first: both reminders go, each published once', async () => {
    const user = await userWithReminders('Morning', 'Evening', 'Night');
    pause.wait = barrier(2);

    await Promise.all([remove(user.id, [{ title: 'Morning', time: may4 }]), remove(user.id, [{ title: 'Evening', time: may4 }])]);

    expect(await remindersOf(user)).toEqual(['Night']);
    expect((await removedEvents(user)).map((payload) => payload.title).sort()).toEqual(['Evening', 'Morning']);
  });
});
