import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { UserNotPendingError } from '../../domain/user.errors';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { ActivateUser } from './activate-user.command';

const LINK_UNUSABLE = 'This activation link is invalid, expired or already used';

@CommandHandler(ActivateUser)
export class ActivateUserHandler implements ICommandHandler<ActivateUser> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
  ) {}

  /**
   * Answers the activated user's id. A link works once: only a pending user can be activated. A bad
   * token, an unknown user and a user who is no longer pending all get the same answer.
   */
  async execute(command: ActivateUser): Promise<string> {
    try {
      const { userId } = this.tokens.verifyActivationToken(command.activationToken);
      return await this.unitOfWork.run(command.metadata, async (tx) => {
        const users = tx.repository(USER_REPOSITORY);
        const user = await users.findById(userId);
        if (!user) {
          throw new UserNotPendingError(userId);
        }
        user.activate(command.metadata.at);
        users.save(user);
        return user.id;
      });
    } catch (error) {
      if (error instanceof UnauthenticatedError || error instanceof UserNotPendingError) {
        throw new InvalidInputError(LINK_UNUSABLE, [{ field: 'activationToken', message: LINK_UNUSABLE }]);
      }
      throw error;
    }
  }
}
