import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { UserRegisteredV1 } from '../../contracts/user-registered.v1';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/** users.user-registered → a short notice to the board, when BOARD_EMAIL is set. */
@Injectable()
export class NotifyBoardWhenUserRegistered {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: UserRegisteredV1): Promise<void> {
    if (!this.settings.boardEmail) {
      return;
    }
    await this.mailer.send({
      to: this.settings.boardEmail,
      subject: `New Keepem user: ${event.username}`,
      text: [
        `A new user registered.`,
        '',
        `Username: ${event.username}`,
        `User id: ${event.user_id}`,
        `Referred by: ${event.referred_by ?? 'nobody'}`,
      ].join('\n'),
    });
  }
}
