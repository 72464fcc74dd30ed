import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EventContract, JsonObject } from '@keepem/shared/contracts';
import {
  EffectInProgressError,
  type IntegrationMessage,
  MAILER,
  type Mailer,
  MESSAGE_BROKER,
  type MessageBroker,
  type MessageConsumer,
  OnceEffectRunner,
} from '@keepem/shared/service_layer';
import { ASSET_RELEASE_CANCELED_V1 } from '../../contracts/asset-release-canceled.v1';
import { ASSET_RELEASE_SCHEDULED_V1 } from '../../contracts/asset-release-scheduled.v1';
import { ASSET_RELEASED_V1 } from '../../contracts/asset-released.v1';
import { RELEASE_TIME_CAME_V1 } from '../../contracts/release-time-came.v1';
import type { ReleaseEmailPolicy } from '../../service_layer/policies/release-email';
import { SendLegacyWaitingEmail } from '../../service_layer/policies/send-legacy-waiting-email.policy';
import { SendReleaseCanceledEmail } from '../../service_layer/policies/send-release-canceled-email.policy';
import { SendReleaseReleasedEmail } from '../../service_layer/policies/send-release-released-email.policy';
import { SendReleaseScheduledEmail } from '../../service_layer/policies/send-release-scheduled-email.policy';

/**
 * A broker subscription that sends one release e-mail per recipient, each through the kernel's
 * once-effect runner under an inbox name of its own (`<consumer>/<user id>`): a redelivered event
 * mails nobody twice, and when one recipient's mail fails, the retry sends only the mails that did
 * not go.
 */
export class OncePerRecipientEmailConsumer<Payload extends JsonObject> implements MessageConsumer {
  readonly source: string;
  readonly eventTypes: readonly string[];

  constructor(
    readonly name: string,
    contract: EventContract<Payload>,
    private readonly runner: OnceEffectRunner,
    private readonly mailer: Mailer,
    private readonly policy: ReleaseEmailPolicy<Payload>,
  ) {
    this.source = contract.source;
    this.eventTypes = [contract.type];
  }

  async handle(message: IntegrationMessage): Promise<void> {
    const event = message.payload as Payload;
    const failures: unknown[] = [];
    for (const recipient of this.policy.recipients(event)) {
      await this.runner
        .run(`${this.name}/${recipient}`, message, async () => {
          const mail = await this.policy.mailFor(event, recipient);
          if (mail) {
            await this.mailer.send(mail);
          }
        })
        .catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      const text = `${this.name} could not mail every recipient of ${message.type} ${message.id}: ${failures.map(String).join('; ')}`;
      throw failures.every((error) => error instanceof EffectInProgressError) ? new EffectInProgressError(text) : new Error(text);
    }
  }
}

/** The release e-mails: each its own subscriber, so that one failing is retried without the others. */
@Injectable()
export class ReleaseEmailsConsumer implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    @Inject(MAILER) private readonly mailer: Mailer,
    private readonly runner: OnceEffectRunner,
    private readonly scheduled: SendReleaseScheduledEmail,
    private readonly waiting: SendLegacyWaitingEmail,
    private readonly released: SendReleaseReleasedEmail,
    private readonly canceled: SendReleaseCanceledEmail,
  ) {}

  onModuleInit(): void {
    const subscribe = <Payload extends JsonObject>(name: string, contract: EventContract<Payload>, policy: ReleaseEmailPolicy<Payload>) =>
      this.broker.subscribe(new OncePerRecipientEmailConsumer(name, contract, this.runner, this.mailer, policy));
    subscribe('assets.legacy-prepared-email', ASSET_RELEASE_SCHEDULED_V1, this.scheduled);
    subscribe('assets.legacy-waiting-email', RELEASE_TIME_CAME_V1, this.waiting);
    subscribe('assets.legacy-released-email', ASSET_RELEASED_V1, this.released);
    subscribe('assets.legacy-canceled-email', ASSET_RELEASE_CANCELED_V1, this.canceled);
  }
}
