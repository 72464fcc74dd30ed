import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EventContract, JsonObject } from '../../contracts/integration-event';
import { UniqueConstraintError } from '../../adapters/persistence/unique-constraint.error';
import { ConcurrencyConflictError, DomainError } from '../../domain/domain-error';
import { Command, MessageMetadata } from '../../service_layer/command';
import { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import { MessageAlreadyHandledError, UnitOfWork } from '../../service_layer/unit-of-work.port';

/**
 * How a context reacts to another context's published event: it maps the contract's payload to a
 * command of its own and sends it on the CommandBus, so its handler, unit of work and rules apply as
 * to any request. The command's metadata names this consumer, so the handler's unit of work records
 * the message in the consumer's inbox in its own commit: a redelivered message changes nothing.
 * The handler must do its work in one unit of work.
 *
 * A command its rules refuse (a DomainError) would be refused again at every delivery, and a record
 * delivered in vain holds back every later event of its aggregate, so the refusal is logged and the
 * message recorded as handled. A lost race is not a refusal: the message is offered again.
 */
export class CommandConsumer<Payload extends JsonObject> implements MessageConsumer {
  readonly source: string;
  readonly eventTypes: readonly string[];
  private readonly logger = new Logger(CommandConsumer.name);

  constructor(
    readonly name: string,
    contract: EventContract<Payload>,
    private readonly commandBus: CommandBus,
    private readonly unitOfWork: UnitOfWork,
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
      if (error instanceof MessageAlreadyHandledError) {
        return;
      }
      if (!isRefusal(error)) {
        throw error;
      }
      this.logger.warn(`${this.name} refused ${message.type} ${message.id}: ${error.message}`);
      await this.recordAsHandled(message);
    }
  }

  /** An empty unit of work that names the consumer: the unit of work records the message in its inbox. */
  private async recordAsHandled(message: IntegrationMessage): Promise<void> {
    try {
      await this.unitOfWork.run(this.metadata.causedBy(message, this.name), async () => undefined);
    } catch (error) {
      if (!(error instanceof MessageAlreadyHandledError)) {
        throw error;
      }
    }
  }
}

/**
 * Whether the consuming context's rules refused the command for good. A race lost even after the
 * unit of work's reruns (a conflict, a generated value taken meanwhile) and an overloaded service
 * may pass next time, so the message is offered again rather than recorded as handled.
 */
function isRefusal(error: unknown): error is DomainError {
  return (
    error instanceof DomainError &&
    !(error instanceof ConcurrencyConflictError) &&
    !(error instanceof UniqueConstraintError) &&
    error.kind !== 'unavailable'
  );
}
