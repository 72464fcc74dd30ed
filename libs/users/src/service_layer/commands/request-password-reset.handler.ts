import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { EmailAddress } from '../../domain/email-address.value-object';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { RequestPasswordReset } from './request-password-reset.command';

@CommandHandler(RequestPasswordReset)
export class RequestPasswordResetHandler implements ICommandHandler<RequestPasswordReset> {
  constructor(@Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork) {}

  /**
   * Records the request on an active account, whose PasswordResetRequested leaves through the
   * outbox and becomes the e-mail. An unknown address, or an account that is not active, gets
   * nothing, and the same silence: who is registered is not the caller's to learn.
   */
  async execute(command: RequestPasswordReset): Promise<void> {
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const user = await users.findByCanonicalEmail(EmailAddress.canonicalOf(command.email));
      if (!user?.mayResetPassword) {
        return;
      }
      user.requestPasswordReset(command.metadata.at);
      users.save(user);
    });
  }
}
