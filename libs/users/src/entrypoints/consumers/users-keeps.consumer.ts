import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandConsumer, OnceEffectConsumer } from '@keepem/shared/messaging';
import {
  type IntegrationMessage,
  MESSAGE_BROKER,
  type MessageBroker,
  type MessageConsumer,
  MessageMetadataFactory,
  OnceEffectRunner,
  UNIT_OF_WORK,
  type UnitOfWork,
} from '@keepem/shared/service_layer';
import { KEEP_REQUESTED_V1 } from '../../contracts/keep-requested.v1';
import { USER_ACTIVATED_V1, type UserActivatedV1 } from '../../contracts/user-activated.v1';
import { RequestKeep } from '../../service_layer/commands/request-keep.command';
import { SendKeepRequestedEmail } from '../../service_layer/policies/send-keep-requested-email.policy';

/**
 * The users context's reactions to its own events that concern keeps: the e-mail to a requested
 * user, and the keep a referred user asks of their referrer once active (DOMAIN.md).
 */
@Injectable()
export class UsersKeepsConsumer implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly runner: OnceEffectRunner,
    private readonly commandBus: CommandBus,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly metadata: MessageMetadataFactory,
    private readonly keepRequestedEmail: SendKeepRequestedEmail,
  ) {}

  onModuleInit(): void {
    this.broker.subscribe(
      new OnceEffectConsumer('users.keep-requested-email', KEEP_REQUESTED_V1, this.runner, (event) =>
        this.keepRequestedEmail.handle(event),
      ),
    );
    this.broker.subscribe(this.referralKeeps());
  }

  /**
   * users.user-activated of a referred user → RequestKeep from them to the referrer. The consumer's
   * inbox, written in the command's own commit, makes a redelivery harmless. A referrer who was
   * removed meanwhile cannot be kept: the refusal is logged and the event counted as handled.
   * Activations without a referrer (and events published before the contract named one) pass by.
   */
  private referralKeeps(): MessageConsumer {
    const requests = new CommandConsumer<UserActivatedV1>(
      'users.referral-keep',
      USER_ACTIVATED_V1,
      this.commandBus,
      this.unitOfWork,
      this.metadata,
      (event, metadata) =>
        new RequestKeep({
          keepId: crypto.randomUUID(),
          requesterId: event.user_id,
          toId: event.referred_by,
          toCode: null,
          toEmail: null,
          nameByRequester: null,
          metadata,
        }),
    );
    return {
      name: requests.name,
      source: requests.source,
      eventTypes: requests.eventTypes,
      handle: async (message: IntegrationMessage) => {
        if ((message.payload as Partial<UserActivatedV1>).referred_by) {
          await requests.handle(message);
        }
      },
    };
  }
}
