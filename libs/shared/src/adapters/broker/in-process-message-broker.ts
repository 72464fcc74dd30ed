import { Injectable } from '@nestjs/common';
import { EffectInProgressError, IntegrationMessage, MessageBroker, MessageConsumer } from '../../service_layer/message-broker.port';

/**
 * The embedded broker: hands each message to every consumer that wants it, in process. A consumer
 * that fails makes `publish` reject, so the outbox keeps the record and delivers it again later;
 * consumers that already took it skip it through their inbox.
 */
@Injectable()
export class InProcessMessageBroker implements MessageBroker {
  /** Consumers by the source they read, as a topic per context would hold them. */
  private readonly consumersBySource = new Map<string, MessageConsumer[]>();

  subscribe(consumer: MessageConsumer): void {
    this.consumersBySource.set(consumer.source, [...(this.consumersBySource.get(consumer.source) ?? []), consumer]);
  }

  /** Rejects with EffectInProgressError when every consumer that did not take the message was busy with it. */
  async publish(message: IntegrationMessage): Promise<void> {
    const failures: { consumer: string; error: unknown }[] = [];
    const consumers = this.consumersBySource.get(message.source) ?? [];
    for (const consumer of consumers.filter((candidate) => candidate.eventTypes.includes(message.type))) {
      try {
        await consumer.handle(structuredClone(message));
      } catch (error) {
        failures.push({ consumer: consumer.name, error });
      }
    }
    if (failures.length === 0) {
      return;
    }
    const reasons = failures.map(({ consumer, error }) => `${consumer}: ${error instanceof Error ? error.message : String(error)}`);
    const text = `${message.type} ${message.id} was not taken by ${reasons.join('; ')}`;
    throw failures.every(({ error }) => error instanceof EffectInProgressError) ? new EffectInProgressError(text) : new Error(text);
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }
}
