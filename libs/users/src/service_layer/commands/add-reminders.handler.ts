import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { Reminder } from '../../domain/reminder.value-object';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { AddReminders } from './add-reminders.command';

@CommandHandler(AddReminders)
export class AddRemindersHandler implements ICommandHandler<AddReminders> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * Reminders live in the user's document, so two requests at once both change it: the version
   * check lets one commit, and the other is run again on what the first stored, losing nothing.
   */
  async execute(command: AddReminders): Promise<void> {
    const reminders = command.reminders.map((input, index) => Reminder.create(input, `${index}.`));
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findById(command.userId);
      if (!user) {
        throw new NotFoundError('User');
      }
      user.addReminders(reminders, command.metadata.at);
      users.save(user);
    });
  }
}
