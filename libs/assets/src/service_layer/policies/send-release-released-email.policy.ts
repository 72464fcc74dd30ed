import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailMessage } from '@keepem/shared/service_layer';
import type { AssetReleasedV1 } from '../../contracts/asset-released.v1';
import { RELEASE_EMAIL_SETTINGS, type ReleaseEmailSettings } from '../ports/release-email-settings.port';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { greeting, lookUp, named, partiesOf, type ReleaseEmailPolicy } from './release-email';

/**
 * assets.asset-released → tells the owner and each receiver that the legacy was received, and by
 * whom. Its assets are the receivers' now (or back with their owner, from their past self), so its
 * name is no secret any more.
 */
@Injectable()
export class SendReleaseReleasedEmail implements ReleaseEmailPolicy<AssetReleasedV1> {
  private readonly logger = new Logger(SendReleaseReleasedEmail.name);

  constructor(
    @Inject(USER_DIRECTORY) private readonly directory: UserDirectory,
    @Inject(RELEASE_EMAIL_SETTINGS) private readonly settings: ReleaseEmailSettings,
  ) {}

  recipients(event: AssetReleasedV1): string[] {
    return partiesOf(event);
  }

  async mailFor(event: AssetReleasedV1, recipientId: string): Promise<MailMessage | null> {
    const found = await lookUp(this.directory, this.logger, 'legacy-released', recipientId, [event.owner_id, event.released_by]);
    if (!found) {
      return null;
    }
    const owner = named(found.users.get(event.owner_id));
    const receivedBy = recipientId === event.released_by ? 'You' : named(found.users.get(event.released_by));
    const whose =
      event.owner_id === event.released_by
        ? 'the legacy you prepared for your future self'
        : recipientId === event.owner_id
          ? 'your legacy'
          : `the legacy of ${owner}`;
    const assets = `${this.settings.publicApiUrl}/api/v1/me/assets`;
    const where = {
      self: `Its assets are back in your assets: ${assets}`,
      gift: recipientId === event.owner_id ? 'Its assets are theirs now.' : `Its assets are in your assets now: ${assets}`,
      co_ownership:
        recipientId === event.owner_id ? 'You share its assets with them now.' : `You share its assets with ${owner} now: ${assets}`,
    }[event.bequest_type];
    return {
      to: found.recipient.email,
      subject: `A legacy was received: ${event.name}`,
      text: [greeting(found.recipient), '', `${receivedBy} received ${whose}, "${event.name}", on Keepem.`, where].join('\n'),
    };
  }
}
