import type { KafkaOptions } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import { type KernelConfig, MAX_RETRY_DELAY_MS } from '../config/kernel.config';
import { kafkaLogging } from './kafka-client';
import { consumerGroup } from './kafka-topics';

/** What a consumer group needs to know, from `config.broker` and the environment. */
export interface KafkaConsumerSettings {
  /** The environment the topic and group names carry (`keepem.<environment>.…`). */
  environment: string;
  clientId: string;
  brokers: string[];
  /** The process's LOG_LEVEL, which kafkajs's own log lines follow. */
  logLevel: string;
  /** Attempts a consumer gets at one message before it goes to the dead letters. */
  maxAttempts: number;
  /** First wait between a consumer's attempts; doubles per attempt up to `maxRetryDelayMs`. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** How often a group tells the coordinator it is alive while a message is handled or waits for its next attempt. */
  heartbeatEveryMs: number;
  /**
   * Partitions a group works on at once, one record at a time in each: a message waiting for its
   * next attempt holds back its own partition only.
   */
  partitionsConsumedConcurrently: number;
  /** First wait before connecting a group again after Kafka could not be reached; doubles up to `reconnectMaxMs`. */
  reconnectBaseMs: number;
  reconnectMaxMs: number;
}

/** The heartbeat interval of kafkajs and of the dispatcher alike: kafkajs's default, a tenth of its 30 s session timeout. */
const HEARTBEAT_EVERY_MS = 3_000;

export function kafkaConsumerSettings(config: KernelConfig): KafkaConsumerSettings {
  return {
    environment: config.environment,
    clientId: config.broker.clientId,
    brokers: config.broker.kafkaBrokers,
    logLevel: config.logLevel,
    maxAttempts: config.broker.consumerMaxAttempts,
    retryBaseMs: config.broker.consumerRetryBaseMs,
    maxRetryDelayMs: MAX_RETRY_DELAY_MS,
    heartbeatEveryMs: HEARTBEAT_EVERY_MS,
    partitionsConsumedConcurrently: config.broker.topicPartitions,
    reconnectBaseMs: 1_000,
    reconnectMaxMs: 30_000,
  };
}

/**
 * The Kafka transport's options for one consuming context's group. Offsets are committed by hand,
 * once the message's consumers are done; partitions are worked on side by side, each in order
 * (so per aggregate); a new group reads its topics from the beginning; values
 * stay Buffers (decodeEventRecord reads them, and a dead letter is sent on byte for byte). Topics
 * are never created by reading them: the broker's producer creates them with the partitions and
 * replication the settings say. The transport's producer sends dead letters, acknowledged by every
 * in-sync replica; being idempotent, its own retries of a send do not write the record twice.
 */
export function serverKafkaOptions(settings: KafkaConsumerSettings, context: string): Required<KafkaOptions>['options'] {
  return {
    client: { clientId: `${settings.clientId}-${context}-consumer`, brokers: settings.brokers, ...kafkaLogging(settings.logLevel) },
    consumer: {
      groupId: consumerGroup(settings.environment, context),
      allowAutoTopicCreation: false,
      // kafkajs's own heartbeats, between records, at the pace of the dispatcher's during a record.
      heartbeatInterval: settings.heartbeatEveryMs,
    },
    postfixId: '',
    run: { autoCommit: false, partitionsConsumedConcurrently: settings.partitionsConsumedConcurrently },
    subscribe: { fromBeginning: true },
    parser: { keepBinary: true },
    producer: {
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    },
  };
}
