import { Inject, Injectable, Logger } from '@nestjs/common';
import type { MailMessage } from '@keepem/shared/service_layer';
import type { AssetReleaseScheduledV1 } from '../../contracts/asset-release-scheduled.v1';
import { USER_DIRECTORY, type UserDirectory } from '../ports/user-directory.port';
import { greeting, lookUp, named, type ReleaseEmailPolicy } from './release-email';

/**
 * assets.asset-release-scheduled → tells each receiver that the owner prepared a legacy for them,
 * and nothing of it: not its name, assets, type, place or time, which are for when it comes. An
 * owner's release to their future self tells nobody.
 */
@Injectable()
export class SendReleaseScheduledEmail implements ReleaseEmailPolicy<AssetReleaseScheduledV1> {
  private readonly logger = new Logger(SendReleaseScheduledEmail.name);

  constructor(@Inject(USER_DIRECTORY) private readonly directory: UserDirectory) {}

  recipients(event: AssetReleaseScheduledV1): string[] {
    return event.receivers_id.filter((receiver) => receiver !== event.owner_id);
  }

  async mailFor(event: AssetReleaseScheduledV1, recipientId: string): Promise<MailMessage | null> {
    const found = await lookUp(this.directory, this.logger, 'legacy-prepared', recipientId, [event.owner_id]);
    if (!found) {
      return null;
    }
    const owner = named(found.users.get(event.owner_id));
    return {
      to: found.recipient.email,
      subject: `${owner} has prepared a legacy for you`,
      text: [
        greeting(found.recipient),
        '',
        `${owner} has prepared a legacy for you on Keepem: something of theirs, to be handed on to you one day.`,
        'What it holds stays between you and them until then. We will write to you when it is waiting for you.',
      ].join('\n'),
    };
  }
}
