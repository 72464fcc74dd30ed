import { Clock } from '../../service_layer/clock.port';
import { runOnce } from '../../service_layer/idempotent-consumer';
import { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { UnitOfWork } from '../../service_layer/unit-of-work.port';

/**
 * A broker subscription for an effect outside the database (e-mail, push): each consumer has its
 * own inbox name, so two effects of one event are retried and deduplicated independently.
 */
export class OnceEffectConsumer<Payload> implements MessageConsumer {
  readonly eventTypes: readonly string[];

  constructor(
    readonly name: string,
    eventType: string,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly effect: (payload: Payload) => Promise<void>,
  ) {
    this.eventTypes = [eventType];
  }

  handle(message: IntegrationMessage): Promise<void> {
    return runOnce(this.unitOfWork, this.name, message, this.clock.now(), () => this.effect(message.payload as Payload));
  }
}
