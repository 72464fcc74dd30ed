import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserRegisteredV1 } from '../../contracts/user-registered.v1';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/**
 * users.user-registered → the activation link. The token is made at sending time, so a retried mail
 * still has the token's whole lifetime.
 *
 * Anyone may sign up with anyone's address, so this mail goes to an address that has not proven it
 * wants anything from us: it carries no free text of the sender's choosing. It greets by username,
 * which is only letters, digits and underscores, never by the public name, which could carry a
 * message or a link to the stranger at that address.
 */
@Injectable()
export class SendActivationEmailWhenUserRegistered {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(TOKEN_SERVICE) private readonly tokens: TokenService,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: UserRegisteredV1): Promise<void> {
    if (!event.activation_required) {
      return;
    }
    const { token, expiresAt } = await this.tokens.issueActivationToken(event.user_id);
    const link = `${this.settings.publicApiUrl}/api/v1/users/activate?token=${encodeURIComponent(token)}`;
    await this.mailer.send({
      to: event.email,
      subject: 'Activate your Keepem account',
      text: [
        `Hello ${event.username},`,
        '',
        'Welcome to Keepem. Open this link to activate your account:',
        link,
        '',
        `The link works once, until ${expiresAt.toISOString()} (UTC).`,
        'If you did not sign up, ignore this message.',
      ].join('\n'),
    });
  }
}
