import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { type KernelConfig, kernelConfig } from '../../adapters/config/kernel.config';
import { KafkaConsumerGroup } from '../../adapters/kafka/kafka-consumer-group';
import { kafkaConsumerSettings } from '../../adapters/kafka/kafka-consumer-settings';
import { KafkaSubscriptions } from '../../adapters/kafka/kafka-subscriptions';
import { CLOCK, type Clock } from '../../service_layer/clock.port';
import { DEAD_LETTER_STORE, type DeadLetterStore } from '../../service_layer/dead-letter-store.port';
import { MessagingShutdown } from '../../service_layer/messaging-shutdown';
import { ProcessRole } from '../../service_layer/process-role';

/**
 * The worker's Kafka consumers: once every consumer has subscribed, starts one consumer group per
 * consuming context, in the process that consumes (ProcessRole: the worker), and stops them
 * gracefully at the first stage of the shutdown (see KafkaConsumerGroup.stop). Does nothing unless
 * the broker is Kafka.
 */
@Injectable()
export class KafkaConsumersRunner implements OnApplicationBootstrap {
  private groups: KafkaConsumerGroup[] = [];

  constructor(
    @Inject(kernelConfig.KEY) private readonly config: KernelConfig,
    @Inject(DEAD_LETTER_STORE) private readonly deadLetters: DeadLetterStore,
    @Inject(CLOCK) private readonly clock: Clock,
    /** Filled by the Kafka broker as the contexts subscribe their consumers. */
    private readonly subscriptions: KafkaSubscriptions,
    private readonly role: ProcessRole,
    private readonly shutdown: MessagingShutdown,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.broker.driver !== 'kafka' || !this.role.consumes) {
      return;
    }
    this.shutdown.onStop('consumers', 'the Kafka consumer groups', () =>
      Promise.all(this.groups.map((group) => group.stop())).then(() => undefined),
    );
    const settings = kafkaConsumerSettings(this.config);
    this.groups = [...this.subscriptions.byContext()].map(
      ([context, consumers]) => new KafkaConsumerGroup(context, consumers, this.deadLetters, this.clock, settings),
    );
    this.groups.forEach((group) => group.start());
  }
}
