import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { AdminActivateUser } from './admin-activate-user.command';

@CommandHandler(AdminActivateUser)
export class AdminActivateUserHandler implements ICommandHandler<AdminActivateUser> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * Records UserActivated as the link does, so the "account ready" e-mail goes out. A user who is not
   * pending is refused by the aggregate (UserNotPendingError, 422); a removed one is gone (404).
   */
  async execute(command: AdminActivateUser): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findById(command.userId);
      if (!user || user.state === 'removed') {
        throw new NotFoundError('User');
      }
      user.activate(command.metadata.at, 'admin');
      users.save(user);
    });
  }
}
