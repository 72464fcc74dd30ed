import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer, MessageMetadataFactory, UNIT_OF_WORK, type UnitOfWork } from '@keepem/shared/service_layer';
import type { PasswordResetRequestedV1 } from '../../contracts/password-reset-requested.v1';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USER_REPOSITORY } from '../ports/user.repository.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/**
 * users.password-reset-requested → the reset link, to the account's own address. The token is made
 * when the mail is sent, bound to the password the account has then, so a retried mail still has
 * the link's whole lifetime, and an account disabled or removed since the request gets no link.
 *
 * The address proved itself at activation, so the mail may greet by the public name.
 */
@Injectable()
export class SendPasswordResetEmailWhenRequested {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly metadata: MessageMetadataFactory,
  ) {}

  async handle(event: PasswordResetRequestedV1): Promise<void> {
    const user = await this.unitOfWork.run(this.metadata.forSystem(), (tx) => tx.repository(USER_REPOSITORY).findById(event.user_id));
    if (!user?.mayResetPassword) {
      return;
    }
    const { token, expiresAt } = await this.tokens.issuePasswordResetToken(user.id, user.passwordHash);
    const link = new URL(this.settings.passwordResetUrl);
    link.searchParams.set('token', token);
    await this.mailer.send({
      to: user.email.value,
      subject: 'Reset your Keepem password',
      text: [
        `Hello ${user.publicName ?? user.username.value},`,
        '',
        'Someone, hopefully you, asked to reset the password of your Keepem account. Open this link to choose a new one:',
        link.toString(),
        '',
        `The link works once, until ${expiresAt.toISOString()} (UTC). Choosing a new password logs you out everywhere.`,
        'If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  }
}
