import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CommandConsumer } from '@keepem/shared/messaging';
import type { EventContract, JsonObject } from '@keepem/shared/contracts';
import {
  type Command,
  MESSAGE_BROKER,
  type MessageBroker,
  type MessageMetadata,
  MessageMetadataFactory,
  UNIT_OF_WORK,
  type UnitOfWork,
} from '@keepem/shared/service_layer';
import {
  PUBLIC_PROFILE_CHANGED_V1,
  type PublicProfileChangedV1,
  USER_ACTIVATED_V1,
  USER_REGISTERED_V1,
  type UserActivatedV1,
  type UserRegisteredV1,
  USER_REMOVED_V1,
  type UserRemovedV1,
} from '@keepem/users';
import { RecordKnownUser } from '../../service_layer/commands/record-known-user.command';
import { RemoveUserHoldings } from '../../service_layer/commands/remove-user-holdings.command';

/**
 * The assets context's reactions to the users context's events. Each maps its event to a command
 * of the assets context, whose unit of work records the event in the consumer's inbox: a redelivery
 * changes nothing.
 *
 * The assets context's copy of users (USER_DIRECTORY) is fed by users.user-registered and
 * users.user-activated (the e-mail address, with the profile as it then was) and
 * users.public-profile-changed (username, public name, state), each kept by its event's time.
 * users.user-removed ends what the assets context holds for the user (RemoveUserHoldings).
 */
@Injectable()
export class UsersEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    private readonly commandBus: CommandBus,
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly metadata: MessageMetadataFactory,
  ) {}

  onModuleInit(): void {
    this.consume<UserRegisteredV1>(
      'assets.known-user-registered',
      USER_REGISTERED_V1,
      (event, metadata) =>
        new RecordKnownUser({
          userId: event.user_id,
          username: event.username,
          publicName: event.public_name,
          // An account created active (the seeded administrator) needs no activation.
          state: event.activation_required ? 'pending' : 'active',
          email: event.email,
          occurredAt: new Date(event.registered_at),
          metadata,
        }),
    );
    this.consume<UserActivatedV1>(
      'assets.known-user-activated',
      USER_ACTIVATED_V1,
      (event, metadata) =>
        new RecordKnownUser({
          userId: event.user_id,
          username: event.username,
          publicName: event.public_name,
          state: 'active',
          email: event.email,
          occurredAt: new Date(event.activated_at),
          metadata,
        }),
    );
    this.consume<PublicProfileChangedV1>(
      'assets.known-user-profile',
      PUBLIC_PROFILE_CHANGED_V1,
      (event, metadata) =>
        new RecordKnownUser({
          userId: event.user_id,
          username: event.username,
          publicName: event.public_name,
          state: event.state,
          email: null,
          occurredAt: new Date(event.changed_at),
          metadata,
        }),
    );
    this.consume<UserRemovedV1>(
      'assets.user-removal',
      USER_REMOVED_V1,
      (event, metadata) => new RemoveUserHoldings({ userId: event.user_id, metadata }),
    );
  }

  /** Subscribes the consumer `name` (its inbox) to `contract`, mapping each event to a command. */
  private consume<Payload extends JsonObject>(
    name: string,
    contract: EventContract<Payload>,
    toCommand: (payload: Payload, metadata: MessageMetadata) => Command<unknown>,
  ): void {
    this.broker.subscribe(new CommandConsumer<Payload>(name, contract, this.commandBus, this.unitOfWork, this.metadata, toCommand));
  }
}
