import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { ChangePublicName } from './change-public-name.command';

@CommandHandler(ChangePublicName)
export class ChangePublicNameHandler implements ICommandHandler<ChangePublicName> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  async execute(command: ChangePublicName): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findById(command.userId);
      if (!user) {
        throw new NotFoundError('User');
      }
      user.changePublicName(command.publicName, command.metadata.at);
      users.save(user);
    });
  }
}
