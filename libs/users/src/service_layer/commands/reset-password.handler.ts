import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { assertAcceptablePassword } from '../../domain/password-policy';
import type { User } from '../../domain/user.aggregate';
import { PASSWORD_HASHER, type PasswordHasher } from '../ports/password-hasher.port';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { type PasswordResetClaims, TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { revokeSessionsOf } from '../revoke-sessions';
import { ResetPassword } from './reset-password.command';

const LINK_UNUSABLE = 'This password reset link is invalid, expired or already used';

@CommandHandler(ResetPassword)
export class ResetPasswordHandler implements ICommandHandler<ResetPassword> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
  ) {}

  /**
   * A link works while the password it was issued under stands (its token carries a stamp of that
   * hash): using it replaces the hash, so it works once, and a password changed otherwise kills it
   * too. Two resets with one link at once both pass the first check, but only one commit can
   * replace the hash; the other's unit of work is run again, finds the new hash, and gets the
   * answer of a used link. A forged, expired or used link, or one for an account that is no longer
   * active, all get the same answer. Every session of the user ends.
   */
  async execute(command: ResetPassword): Promise<void> {
    assertAcceptablePassword(command.newPassword, 'newPassword');
    const at = command.metadata.at;
    const claims = this.verifiedClaims(command.passwordResetToken);
    const user = await this.unitOfWork.run(command.metadata, (tx) => tx.repository(USER_REPOSITORY).findById(claims.userId));
    this.assertLinkWorksFor(user, claims);
    // Slow on purpose; only for a link that works, outside the transaction that may be run again.
    const passwordHash = await this.passwords.hash(command.newPassword);

    await this.unitOfWork.run(command.metadata, async (tx) => {
      const users = tx.repository(USER_REPOSITORY);
      const current = await users.findById(claims.userId);
      this.assertLinkWorksFor(current, claims);
      current.resetPassword(passwordHash, at);
      users.save(current);
      await revokeSessionsOf(tx.repository(SESSION_REPOSITORY), current.id, at);
    });
  }

  private verifiedClaims(token: string): PasswordResetClaims {
    try {
      return this.tokens.verifyPasswordResetToken(token);
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        throw linkUnusable();
      }
      throw error;
    }
  }

  private assertLinkWorksFor(user: User | null, claims: PasswordResetClaims): asserts user is User {
    if (!user?.mayResetPassword || this.tokens.passwordStamp(user.passwordHash) !== claims.passwordStamp) {
      throw linkUnusable();
    }
  }
}

function linkUnusable(): InvalidInputError {
  return new InvalidInputError(LINK_UNUSABLE, [{ field: 'passwordResetToken', message: LINK_UNUSABLE }]);
}
