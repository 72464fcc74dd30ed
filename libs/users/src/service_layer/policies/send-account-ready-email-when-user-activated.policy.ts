import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserActivatedV1 } from '../../contracts/user-activated.v1';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/**
 * users.user-activated → "your account is ready". When the address proved itself by following the
 * activation link, the mail greets it by the name its owner chose. When an administrator activated
 * the account nobody proved the address, and whoever signed up with it chose that name: the mail
 * greets by the username (letters, digits, underscores), like the activation mail.
 */
@Injectable()
export class SendAccountReadyEmailWhenUserActivated {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: UserActivatedV1): Promise<void> {
    // A record without address_confirmed counts as confirmed by the link.
    const greeted = event.address_confirmed === false ? event.username : (event.public_name ?? event.username);
    await this.mailer.send({
      to: event.email,
      subject: 'Your Keepem account is ready',
      text: [`Hello ${greeted},`, '', 'Your account is active. You can log in now:', `${this.settings.publicApiUrl}/docs`].join('\n'),
    });
  }
}
