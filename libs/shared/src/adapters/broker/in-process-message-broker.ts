import { Injectable } from '@nestjs/common';
import { IntegrationMessage, MessageBroker, MessageConsumer } from '../../service_layer/message-broker.port';

/**
 * The embedded broker: hands each message to every consumer that wants it, in process. A consumer
 * that fails makes `publish` reject, so the outbox keeps the record and delivers it again later;
 * consumers that already took it skip it through their inbox.
 */
@Injectable()
export class InProcessMessageBroker implements MessageBroker {
  private readonly consumers: MessageConsumer[] = [];

  subscribe(consumer: MessageConsumer): void {
    this.consumers.push(consumer);
  }

  async publish(message: IntegrationMessage): Promise<void> {
    const failures: string[] = [];
    for (const consumer of this.consumers.filter((candidate) => candidate.eventTypes.includes(message.type))) {
      try {
        await consumer.handle(structuredClone(message));
      } catch (error) {
        failures.push(`${consumer.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0) {
      throw new Error(`${message.type} ${message.id} was not taken by ${failures.join('; ')}`);
    }
  }

  async isHealthy(): Promise<boolean> {
    return true;
  }
}
