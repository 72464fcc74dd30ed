import { CommandBus } from '@nestjs/cqrs';
import type { EventContract, JsonObject } from '../../contracts/integration-event';
import { Command, MessageMetadata } from '../../service_layer/command';
import { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import { MessageAlreadyHandledError } from '../../service_layer/unit-of-work.port';

/**
 * How a context reacts to another context's published event: it maps the contract's payload to a
 * command of its own and sends it on the CommandBus, so its handler, unit of work and rules apply as
 * to any request. The command's metadata names this consumer, so the handler's unit of work records
 * the message in the consumer's inbox in its own commit: a redelivered message changes nothing.
 * The handler must do its work in one unit of work.
 */
export class CommandConsumer<Payload extends JsonObject> implements MessageConsumer {
  readonly source: string;
  readonly eventTypes: readonly string[];

  constructor(
    readonly name: string,
    contract: EventContract<Payload>,
    private readonly commandBus: CommandBus,
    private readonly metadata: MessageMetadataFactory,
    private readonly toCommand: (payload: Payload, metadata: MessageMetadata) => Command<unknown>,
  ) {
    this.source = contract.source;
    this.eventTypes = [contract.type];
  }

  async handle(message: IntegrationMessage): Promise<void> {
    const command = this.toCommand(message.payload as Payload, this.metadata.causedBy(message, this.name));
    try {
      await this.commandBus.execute(command);
    } catch (error) {
      if (!(error instanceof MessageAlreadyHandledError)) {
        throw error;
      }
    }
  }
}
