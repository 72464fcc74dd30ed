import type { EventContract, JsonObject } from '../../contracts/integration-event';
import { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { OnceEffectRunner } from '../../service_layer/once-effect.runner';

/**
 * A broker subscription for an effect outside the database (e-mail, push): each consumer has its
 * own inbox name, so two effects of one event are retried and deduplicated independently.
 */
export class OnceEffectConsumer<Payload extends JsonObject> implements MessageConsumer {
  readonly source: string;
  readonly eventTypes: readonly string[];

  constructor(
    readonly name: string,
    contract: EventContract<Payload>,
    private readonly runner: OnceEffectRunner,
    private readonly effect: (payload: Payload) => Promise<void>,
  ) {
    this.source = contract.source;
    this.eventTypes = [contract.type];
  }

  handle(message: IntegrationMessage): Promise<void> {
    return this.runner.run(this.name, message, () => this.effect(message.payload as Payload));
  }
}
