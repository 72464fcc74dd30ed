import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailMessage } from '@keepem/shared/service_layer';
import type { AssetReleaseCanceledV1 } from '../../contracts/asset-release-canceled.v1';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { greeting, lookUp, named, partiesOf, type ReleaseEmailPolicy } from './release-email';

/**
 * assets.asset-release-canceled → tells the other parties (the owner and the receivers, but not who
 * cancelled it) that the legacy is off. When the service cancelled it, everyone is told, with its
 * reason; a user's own reason is theirs and stays out. Receivers are told whose legacy it was, not
 * what it held: they may never have seen it.
 */
@Injectable()
export class SendReleaseCanceledEmail implements ReleaseEmailPolicy<AssetReleaseCanceledV1> {
  private readonly logger = new Logger(SendReleaseCanceledEmail.name);

  constructor(@Inject(USER_DIRECTORY) private readonly directory: UserDirectory) {}

  recipients(event: AssetReleaseCanceledV1): string[] {
    return partiesOf(event).filter((party) => party !== event.canceled_by);
  }

  async mailFor(event: AssetReleaseCanceledV1, recipientId: string): Promise<MailMessage | null> {
    const found = await lookUp(this.directory, this.logger, 'legacy-canceled', recipientId, [event.owner_id, event.canceled_by]);
    if (!found) {
      return null;
    }
    const legacy =
      recipientId === event.owner_id
        ? `Your legacy "${event.name}"`
        : `The legacy ${named(found.users.get(event.owner_id))} prepared for you`;
    const byWhom =
      event.canceled_by === null
        ? `was cancelled by Keepem${event.reason ? `: ${event.reason}` : ''}.`
        : `was cancelled by ${named(found.users.get(event.canceled_by))}.`;
    return {
      to: found.recipient.email,
      subject: 'A legacy was cancelled',
      text: [
        greeting(found.recipient),
        '',
        `${legacy} on Keepem ${byWhom}`,
        recipientId === event.owner_id ? 'Its assets are back in your assets, as they were.' : 'Nothing of it will come to you.',
      ].join('\n'),
    };
  }
}
