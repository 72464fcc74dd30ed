import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { OnceEffectConsumer } from '@keepem/shared/messaging';
import { MESSAGE_BROKER, type MessageBroker, OnceEffectRunner } from '@keepem/shared/service_layer';
import { UserActivated, UserActivatedPayload, UserRegistered, UserRegisteredPayload } from '../../domain/user.events';
import { NotifyBoardOfNewUser } from '../../service_layer/policies/notify-board-of-new-user.policy';
import { SendAccountReadyEmail } from '../../service_layer/policies/send-account-ready-email.policy';
import { SendActivationEmail } from '../../service_layer/policies/send-activation-email.policy';

/**
 * The users context's e-mails, each its own subscriber: a failing board notice is retried without
 * sending the activation link twice, and neither ever fails the registration that caused it.
 */
@Injectable()
export class UsersMailConsumers implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly runner: OnceEffectRunner,
    private readonly activationEmail: SendActivationEmail,
    private readonly boardNotice: NotifyBoardOfNewUser,
    private readonly accountReadyEmail: SendAccountReadyEmail,
  ) {}

  onModuleInit(): void {
    const subscribe = <Payload>(name: string, eventType: string, effect: (payload: Payload) => Promise<void>) =>
      this.broker.subscribe(new OnceEffectConsumer(name, eventType, this.runner, effect));
    subscribe<UserRegisteredPayload>('users.activation-email', UserRegistered.name, (event) => this.activationEmail.handle(event));
    subscribe<UserRegisteredPayload>('users.board-notice', UserRegistered.name, (event) => this.boardNotice.handle(event));
    subscribe<UserActivatedPayload>('users.account-ready-email', UserActivated.name, (event) => this.accountReadyEmail.handle(event));
  }
}
