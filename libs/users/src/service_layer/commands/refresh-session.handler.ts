import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { RefreshRefusal } from '../../domain/session.aggregate';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { IssuedTokens, TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';
import { RefreshSession } from './refresh-session.command';
import { SessionTokens } from '../session-tokens';

const REFUSED: Record<Exclude<RefreshRefusal, 'replayed'>, string> = {
  ended: 'This session has ended; log in again',
  expired: 'This session has expired; log in again',
};

@CommandHandler(RefreshSession)
export class RefreshSessionHandler implements ICommandHandler<RefreshSession> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  /**
   * Rotates the session's refresh token and moves its end. The new tokens carry the roles the
   * user still has of those the session was granted, so a role taken away does not outlive the next
   * refresh. A replayed token, or a user who may no longer log in, ends the session instead.
   *
   * Two refreshes with one token at once cannot both rotate: the loser's unit of work is run again,
   * sees the token already rotated away, and ends the session as a replay.
   */
  async execute(command: RefreshSession): Promise<SessionTokens> {
    const claims = this.tokens.verifyRefreshToken(command.refreshToken);
    const at = command.metadata.at;
    const maxLifetimeMs = this.settings.sessionMaxLifetimeMs;
    // The revocation must be committed, so the refusal is thrown only after the unit of work.
    const renewed = await this.unitOfWork.run(command.metadata, async (tx): Promise<IssuedTokens | null> => {
      const sessions = tx.repository(SESSION_REPOSITORY);
      const session = await sessions.findById(claims.sessionId);
      if (!session || session.userId !== claims.userId) {
        throw new UnauthenticatedError('This session does not exist');
      }
      const refusal = session.refreshRefusal(claims.fingerprint, at, maxLifetimeMs);
      if (refusal === 'ended' || refusal === 'expired') {
        throw new UnauthenticatedError(REFUSED[refusal]);
      }
      const user = await tx.repository(USER_REPOSITORY).findById(claims.userId);
      if (refusal === 'replayed' || user?.state !== 'active') {
        session.revoke(at);
        sessions.save(session);
        return null;
      }
      const tokens = await this.tokens.issueSessionTokens({
        userId: user.id,
        sessionId: session.id,
        scope: user.stillHeld(claims.scope),
        fresh: false,
        notAfter: session.renewalLimit(maxLifetimeMs),
      });
      session.rotate(tokens.refreshTokenFingerprint, tokens.refreshTokenExpiresAt, at);
      sessions.save(session);
      return tokens;
    });
    if (!renewed) {
      throw new UnauthenticatedError('This refresh token was already used or the account is no longer active; the session has been ended');
    }
    return { userId: claims.userId, ...renewed };
  }
}
