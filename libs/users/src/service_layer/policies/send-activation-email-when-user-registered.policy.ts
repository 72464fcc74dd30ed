import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserRegisteredV1 } from '../../contracts/user-registered.v1';
import { TOKEN_SERVICE, type TokenService } from '../ports/token-service.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/** users.user-registered → the activation link. The token is made at sending time, so a retried mail still has 90 minutes. */
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
    const name = event.public_name ?? event.username;
    await this.mailer.send({
      to: event.email,
      subject: 'Activate your Keepem account',
      text: [
        `Hello ${name},`,
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
