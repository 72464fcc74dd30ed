import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { LogOut } from './log-out.command';

@CommandHandler(LogOut)
export class LogOutHandler implements ICommandHandler<LogOut> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
  ) {}

  /** Ends the session whichever of its refresh tokens is shown: a stale one means it leaked anyway. */
  async execute(command: LogOut): Promise<void> {
    const claims = this.tokens.verifyRefreshToken(command.refreshToken);
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const sessions = tx.repository(SESSION_REPOSITORY);
      const session = await sessions.findById(claims.sessionId);
      if (!session || session.userId !== claims.userId || !session.isActive) {
        throw new UnauthenticatedError('This session has already ended');
      }
      session.revoke(command.metadata.at);
      sessions.save(session);
    });
  }
}
