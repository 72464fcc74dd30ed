import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { RefreshSession } from './refresh-session.command';
import { SessionTokens } from './session-tokens';

@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
  ) {}

  async execute(command: RefreshSession): Promise<SessionTokens> {
    const claims = this.tokens.verifyRefreshToken(command.refreshToken);
    const renewed = await this.tokens.issueSessionTokens({
      userId: claims.userId,
      sessionId: claims.sessionId,
      scope: claims.scope,
      fresh: false,
    });
    // The revocation of a replayed session must be committed, so the refusal is thrown only after.
    const outcome = await this.unitOfWork.run(command.metadata, async (tx) => {
      const sessions = tx.repository(SESSION_REPOSITORY);
      const session = await sessions.findById(claims.sessionId);
      if (!session || session.userId !== claims.userId) {
        throw new UnauthenticatedError('This session does not exist');
      }
      const user = await tx.repository(USER_REPOSITORY).findById(claims.userId);
      if (session.examine(claims.fingerprint, command.metadata.at) === 'replayed' || user?.state !== 'active') {
        if (session.isActive) {
          session.revoke(command.metadata.at);
        }
        sessions.save(session);
        return 'revoked' as const;
      }
      session.rotate(renewed.refreshTokenFingerprint, command.metadata.at);
      sessions.save(session);
      return 'rotated' as const;
    });
    if (outcome === 'revoked') {
      throw new UnauthenticatedError('This refresh token was already used or the account is no longer active; the session has been ended');
    }
    return { userId: claims.userId, ...renewed };
  }
}
