import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { Reminder } from '../../domain/reminder.value-object';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { RemoveReminders } from './remove-reminders.command';

@CommandHandler(RemoveReminders)
export class RemoveRemindersHandler implements ICommandHandler<RemoveReminders> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(command: RemoveReminders): Promise<void> {
    const keys = command.reminders.map((identity, index) => Reminder.keyOf(identity, `${index}.`));
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findById(command.userId);
      if (!user) {
        throw new NotFoundError('User');
      }
      user.removeReminders(keys, command.metadata.at);
      users.save(user);
    });
  }
}
