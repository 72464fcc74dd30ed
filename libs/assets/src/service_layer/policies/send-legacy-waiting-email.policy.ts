import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailMessage } from '@keepem/shared/service_layer';
import type { ReleaseTimeCameV1 } from '../../contracts/release-time-came.v1';
import { RELEASE_EMAIL_SETTINGS, type ReleaseEmailSettings } from '../ports/release-email-settings.port';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { greeting, lookUp, named, type ReleaseEmailPolicy } from './release-email';

/**
 * assets.release-time-came → "a legacy is waiting for you", to each receiver, with the link to the
 * release. A release to one's future self has its owner as its receiver: they are told too.
 */
@Injectable()
export class SendLegacyWaitingEmail implements ReleaseEmailPolicy<ReleaseTimeCameV1> {
  private readonly logger = new Logger(SendLegacyWaitingEmail.name);

  constructor(
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    @Inject(RELEASE_EMAIL_SETTINGS) private readonly settings: ReleaseEmailSettings,
  ) {}

  recipients(event: ReleaseTimeCameV1): string[] {
    return [...new Set(event.receivers_id)];
  }

  async mailFor(event: ReleaseTimeCameV1, recipientId: string): Promise<MailMessage | null> {
    const found = await lookUp(this.directory, this.logger, 'legacy-waiting', recipientId, [event.owner_id]);
    if (!found) {
      return null;
    }
    const fromWhom =
      recipientId === event.owner_id
        ? 'The legacy you prepared for your future self'
        : `The legacy ${named(found.users.get(event.owner_id))} prepared for you`;
    return {
      to: found.recipient.email,
      subject: 'A legacy is waiting for you',
      text: [
        greeting(found.recipient),
        '',
        `${fromWhom} on Keepem is waiting for you. See it, and receive it:`,
        `${this.settings.publicApiUrl}/api/v1/legacy/${event.release_id}`,
      ].join('\n'),
    };
  }
}
