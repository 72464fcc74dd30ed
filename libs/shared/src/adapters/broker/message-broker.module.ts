import { Module } from '@nestjs/common';
import { MESSAGE_BROKER, type MessageBroker } from '../../service_layer/message-broker.port';
import { type KernelConfig, kernelConfig } from '../config/kernel.config';
import { createKafkaClient } from '../kafka/kafka-client';
import { KafkaMessageBroker } from '../kafka/kafka-message-broker';
import { KafkaSubscriptions } from '../kafka/kafka-subscriptions';
import { InProcessMessageBroker } from './in-process-message-broker';

/** Chosen from the settings the app was given (as the mailer is), so that a test app can choose Kafka too. */
function messageBroker(config: KernelConfig, subscriptions: KafkaSubscriptions): MessageBroker {
  return config.broker.driver === 'kafka'
    ? new KafkaMessageBroker(createKafkaClient(config), config, subscriptions)
    : new InProcessMessageBroker();
}

/**
 * The broker port's driver: Kafka when KAFKA_BROKERS is set, otherwise in process. A module of its
 * own, and not global, for the shutdown order: Nest ends non-global modules before global ones, so
 * the Kafka producer disconnects (onApplicationShutdown) before MongoDB's connection, which a global
 * module of @nestjs/mongoose holds, closes last. The relay has stopped before either, in
 * beforeApplicationShutdown.
 */
@Module({
  providers: [KafkaSubscriptions, { provide: MESSAGE_BROKER, inject: [kernelConfig.KEY, KafkaSubscriptions], useFactory: messageBroker }],
  exports: [MESSAGE_BROKER, KafkaSubscriptions],
})
export class MessageBrokerModule {}
