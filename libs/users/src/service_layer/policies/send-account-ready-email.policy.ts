import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserActivatedPayload } from '../../domain/user.events';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/** UserActivated → "your account is ready". */
@Injectable()
export class SendAccountReadyEmail {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: UserActivatedPayload): Promise<void> {
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
