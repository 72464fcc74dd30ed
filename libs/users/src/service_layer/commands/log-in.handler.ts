import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import { EmailAddress } from '../../domain/email-address.value-object';
import { isRole, Role } from '../../domain/role';
import { Session, SessionId } from '../../domain/session.aggregate';
import { User } from '../../domain/user.aggregate';
import { PASSWORD_HASHER, type PasswordHasher } from '../ports/password-hasher.port';
import { SESSION_REPOSITORY } from '../ports/session.repository.port';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';
import { LogIn } from './log-in.command';
import { SessionTokens } from '../session-tokens';

/** One answer for "no such account" and "wrong password", so the API does not reveal who is registered. */
const WRONG_CREDENTIALS = 'The e-mail address or the password is wrong';

@CommandHandler(LogIn)
export class LogInHandler implements ICommandHandler<LogIn> {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(PASSWORD_HASHER) private readonly passwords: PasswordHasher,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async execute(command: LogIn): Promise<SessionTokens> {
    const found = await this.unitOfWork.run(command.metadata, (tx) =>
      tx.repository(USER_REPOSITORY).findByCanonicalEmail(EmailAddress.canonicalOf(command.email)),
    );
    const user = await this.withCorrectPassword(found, command.password);
    user.assertCanLogIn();
    const scope = grantedScope(user, command.scope);

    const notAfter = new Date(command.metadata.at.getTime() + this.settings.sessionMaxLifetimeMs);
    const tokens = await this.tokens.issueSessionTokens({ userId: user.id, sessionId: command.sessionId, scope, fresh: true, notAfter });
    await this.unitOfWork.run(command.metadata, async (tx) => {
      const session = Session.start(
        command.sessionId as SessionId,
        {
          userId: user.id,
          deviceId: command.deviceId,
          refreshTokenFingerprint: tokens.refreshTokenFingerprint,
          expiresAt: tokens.refreshTokenExpiresAt,
        },
        command.metadata.at,
      );
      tx.repository(SESSION_REPOSITORY).save(session);
    });
    return { userId: user.id, ...tokens };
  }

  /** Spends the same time whether or not the account exists, so timing does not reveal it either. */
  private async withCorrectPassword(user: User | null, password: string): Promise<User> {
    const matches = await this.passwords.verify(user?.passwordHash ?? (await this.passwords.decoyHash), password);
    if (!user || !matches) {
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    return user;
  }
}

function grantedScope(user: User, requested: string[] | null): Role[] {
  const scope = requested && requested.length > 0 ? [...new Set(requested)] : ['user'];
  if (!scope.every(isRole) || !user.hasRoles(scope)) {
    throw new InvalidInputError('The requested scope is not allowed for this account', [
      { field: 'scope', message: `scope may only name roles this account has: ${user.roles.join(' ')}` },
    ]);
  }
  return scope;
}
