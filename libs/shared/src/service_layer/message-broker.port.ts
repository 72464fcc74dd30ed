import type { JsonObject } from '../contracts/integration-event';

export const MESSAGE_BROKER = Symbol('MESSAGE_BROKER');

/** A published integration event as it travels between contexts (and, later, through Kafka), with its envelope. */
export interface IntegrationMessage {
  id: string;
  /** The publishing context; the broker routes by it. */
  source: string;
  /** The contract's stable name, e.g. `users.user-registered.v1`. */
  type: string;
  aggregateId: string;
  /** The event's place among its aggregate's events (1, 2, 3…), delivered in that order. */
  sequence: number;
  payload: JsonObject;
  occurredAt: string;
  correlationId: string;
  causationId: string;
}

/**
 * A named, durable subscriber. Delivery is at least once: `handle` may see a message again and
 * must make that harmless (see the inbox on Transaction).
 */
export interface MessageConsumer {
  readonly name: string;
  /** The context whose events it reads: a consumer subscribes to one source, as to one topic. */
  readonly source: string;
  /** The contract names it handles; any other event of the source passes it by. */
  readonly eventTypes: readonly string[];
  handle(message: IntegrationMessage): Promise<void>;
}

export interface MessageBroker {
  /**
   * Routes the message by its source; resolves once every interested consumer has it (in process)
   * or the broker acknowledged it (Kafka), rejects if any could not take it, with
   * BrokerUnavailableError when the broker could not be reached at all.
   */
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

/**
 * The broker's answer that it could not be reached (it is down, or has no leader for the topic):
 * the message was not refused, so the attempt does not count against it, and the messages after it
 * would meet the same answer. An outage of any length leaves the outbox pending, never dead.
 */
export class BrokerUnavailableError extends Error {}
