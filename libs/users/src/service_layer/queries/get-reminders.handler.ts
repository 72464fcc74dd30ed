import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { USER_REMINDERS_VIEW, type UserRemindersView } from '../ports/user-reminders.view.port';
import type { UserReminder } from '../user-reminder';
import { GetReminders } from './get-reminders.query';

@QueryHandler(GetReminders)
export class GetRemindersHandler implements IQueryHandler<GetReminders> {
  constructor(@Inject(USER_REMINDERS_VIEW) private readonly reminders: UserRemindersView) {}

  async execute(query: GetReminders): Promise<UserReminder[]> {
    const reminders = await this.reminders.remindersOf(query.userId);
    if (!reminders) {
      throw new NotFoundError('User');
    }
    return reminders;
  }
}
