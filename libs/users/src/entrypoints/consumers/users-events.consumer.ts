import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { EventContract, JsonObject } from '@keepem/shared/contracts';
import { OnceEffectConsumer } from '@keepem/shared/messaging';
import { MESSAGE_BROKER, type MessageBroker, OnceEffectRunner } from '@keepem/shared/service_layer';
import { PASSWORD_RESET_REQUESTED_V1 } from '../../contracts/password-reset-requested.v1';
import { USER_ACTIVATED_V1 } from '../../contracts/user-activated.v1';
import { USER_REGISTERED_V1 } from '../../contracts/user-registered.v1';
import { NotifyBoardWhenUserRegistered } from '../../service_layer/policies/notify-board-when-user-registered.policy';
import { SendAccountReadyEmailWhenUserActivated } from '../../service_layer/policies/send-account-ready-email-when-user-activated.policy';
import { SendActivationEmailWhenUserRegistered } from '../../service_layer/policies/send-activation-email-when-user-registered.policy';
import { SendPasswordResetEmailWhenRequested } from '../../service_layer/policies/send-password-reset-email-when-requested.policy';

/**
 * The users context's reactions to its own published events: its e-mails, each its own subscriber,
 * so a failing board notice is retried without sending the activation link twice, and neither ever
 * fails the registration that caused it.
 */
@Injectable()
export class UsersEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly runner: OnceEffectRunner,
    private readonly activationEmail: SendActivationEmailWhenUserRegistered,
    private readonly boardNotice: NotifyBoardWhenUserRegistered,
    private readonly accountReadyEmail: SendAccountReadyEmailWhenUserActivated,
    private readonly passwordResetEmail: SendPasswordResetEmailWhenRequested,
  ) {}

  onModuleInit(): void {
    const subscribe = <Payload extends JsonObject>(
      name: string,
      contract: EventContract<Payload>,
      effect: (payload: Payload) => Promise<void>,
    ) => this.broker.subscribe(new OnceEffectConsumer(name, contract, this.runner, effect));
    subscribe('users.activation-email', USER_REGISTERED_V1, (event) => this.activationEmail.handle(event));
    subscribe('users.board-notice', USER_REGISTERED_V1, (event) => this.boardNotice.handle(event));
    subscribe('users.account-ready-email', USER_ACTIVATED_V1, (event) => this.accountReadyEmail.handle(event));
    subscribe('users.password-reset-email', PASSWORD_RESET_REQUESTED_V1, (event) => this.passwordResetEmail.handle(event));
  }
}
