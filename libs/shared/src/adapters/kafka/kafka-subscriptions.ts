import { Injectable } from '@nestjs/common';
import { contextOfConsumerName } from '../../service_layer/consumer-name';
import type { MessageConsumer } from '../../service_layer/message-broker.port';

/**
 * The consumers subscribed to the Kafka broker, by the context they belong to: the first part of a
 * consumer's name (`users.activation-email` belongs to users). Each context reads as one consumer
 * group, so a slow or failing context never holds another back.
 */
@Injectable()
export class KafkaSubscriptions {
  private readonly consumers: MessageConsumer[] = [];

  add(consumer: MessageConsumer): void {
    consumingContextOf(consumer);
    if (this.consumers.some((subscribed) => subscribed.name === consumer.name)) {
      throw new Error(`A consumer named ${consumer.name} is already subscribed`);
    }
    this.consumers.push(consumer);
  }

  /** Each consuming context with its consumers, in the order they subscribed. */
  byContext(): Map<string, MessageConsumer[]> {
    const contexts = new Map<string, MessageConsumer[]>();
    for (const consumer of this.consumers) {
      const context = consumingContextOf(consumer);
      contexts.set(context, [...(contexts.get(context) ?? []), consumer]);
    }
    return contexts;
  }

  /** The contexts whose topics someone reads. */
  sources(): string[] {
    return [...new Set(this.consumers.map((consumer) => consumer.source))];
  }
}

export function consumingContextOf(consumer: MessageConsumer): string {
  return contextOfConsumerName(consumer.name);
}
