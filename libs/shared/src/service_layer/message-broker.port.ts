export const MESSAGE_BROKER = Symbol('MESSAGE_BROKER');

/** An integration event as it travels between contexts (and, later, through Kafka). */
export interface IntegrationMessage {
  id: string;
  type: string;
  aggregateId: string;
  /** The event's place among its aggregate's events (1, 2, 3…), delivered in that order. */
  sequence: number;
  payload: Record<string, unknown>;
  occurredAt: string;
  correlationId: string;
}

/**
 * A named, durable subscriber. Delivery is at least once: `handle` may see a message again and
 * must make that harmless (see the inbox on Transaction).
 */
export interface MessageConsumer {
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(message: IntegrationMessage): Promise<void>;
}

export interface MessageBroker {
  /** Resolves once every interested consumer has the message; rejects if any could not take it. */
  publish(message: IntegrationMessage): Promise<void>;
  subscribe(consumer: MessageConsumer): void;
  isHealthy(): Promise<boolean>;
}

/**
 * A consumer's answer that another delivery of the message is being handled right now. The message
 * is to be offered again soon (when that delivery is done, it is skipped), and this delivery does
 * not count as a failed one.
 */
export class EffectInProgressError extends Error {}
