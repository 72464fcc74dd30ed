import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserActivatedV1 } from '../../contracts/user-activated.v1';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/**
 * users.user-activated → "your account is ready". The address proved itself by following the
 * activation link, so the mail may greet it by the name its owner chose.
 */
@Injectable()
export class SendAccountReadyEmailWhenUserActivated {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: UserActivatedV1): Promise<void> {
    await this.mailer.send({
      to: event.email,
      subject: 'Your Keepem account is ready',
      text: [
        `Hello ${event.public_name ?? event.username},`,
        '',
        'Your account is active. You can log in now:',
        `${this.settings.publicApiUrl}/docs`,
      ].join('\n'),
    });
  }
}
