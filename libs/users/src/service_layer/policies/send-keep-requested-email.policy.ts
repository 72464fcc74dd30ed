import { Inject, Injectable } from '@nestjs/common';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import type { KeepRequestedV1 } from '../../contracts/keep-requested.v1';
import { KEEPS_VIEW, type KeepsView } from '../ports/keeps.view.port';
import { USER_PROFILE_VIEW, type UserProfileView } from '../ports/user-profile.view.port';
import { USERS_SETTINGS, type UsersSettings } from '../ports/users-settings.port';

/**
 * users.keep-requested → tells the requested user who asked, with the link to answer. Only an active
 * account can be asked, so the address has proven itself; the mail greets it by username and names
 * the requester by public name and username, as the keep shows them. A keep answered (or a user
 * removed) before the mail goes gets none.
 */
@Injectable()
export class SendKeepRequestedEmail {
  constructor(
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(USER_PROFILE_VIEW) private readonly profiles: UserProfileView,
    @Inject(KEEPS_VIEW) private readonly keeps: KeepsView,
    @Inject(USERS_SETTINGS) private readonly settings: UsersSettings,
  ) {}

  async handle(event: KeepRequestedV1): Promise<void> {
    const [keep, requested, requester] = await Promise.all([
      this.keeps.findById(event.keep_id),
      this.profiles.findById(event.requested_id),
      this.profiles.findById(event.requester_id),
    ]);
    if (keep?.state !== 'pending' || requested?.state !== 'active' || !requester) {
      return;
    }
    const who = requester.publicName ? `${requester.publicName} (${requester.username})` : requester.username;
    await this.mailer.send({
      to: requested.email,
      subject: `${requester.username} asked to keep you on Keepem`,
      text: [
        `Hello ${requested.username},`,
        '',
        `${who} asked to keep you on Keepem. People who keep each other can hand their emotional assets on to one another.`,
        '',
        'See the request, and accept or decline it:',
        `${this.settings.publicApiUrl}/api/v1/me/keeps/${event.keep_id}`,
      ].join('\n'),
    });
  }
}
