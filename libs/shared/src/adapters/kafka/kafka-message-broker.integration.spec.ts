import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import { kafkaLane, testKafkaClient, uniqueContext } from '../../../../../test/support/kafka-lane';
import { integrationMessage } from '../../testing/integration-message';
import { kernelConfig } from '../config/kernel.config';
import { createKafkaClient } from './kafka-client';
import { decodeEventRecord } from './kafka-event-record';
import { KafkaMessageBroker } from './kafka-message-broker';
import { KafkaSubscriptions } from './kafka-subscriptions';
import { deadLetterTopic, eventsTopic } from './kafka-topics';

const lane = kafkaLane('KafkaMessageBroker against a broker');
const test = lane.skipped ? it.skip : it;
const READ_TIMEOUT_MS = 30_000;

/** What the adapter sent, as any other service reads it: a plain kafkajs consumer of its own group, from the beginning. */
async function readRecords(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `keepem-test-${randomUUID()}` });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${received.length} of ${count} records within ${READ_TIMEOUT_MS} ms`)),
        READ_TIMEOUT_MS,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.push(message);
            if (received.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

describe('KafkaMessageBroker against a broker', () => {
  // Topics of their own for each run: the broker keeps what earlier runs left.
  const context = uniqueContext('kafkatest');
  const topic = eventsTopic('dev', context);
  let broker: KafkaMessageBroker;
  let reader: Kafka;

  beforeAll(() => {
    if (lane.skipped) {
      return;
    }
    const config = kernelConfig({
      KAFKA_BROKERS: lane.brokers.join(','),
      // Kafka needs MongoDB only so that the API and the worker share an outbox; this test has none.
      MONGODB_URL: 'mongodb://localhost:27017/unused',
      KAFKA_TOPIC_PARTITIONS: '2',
      LOG_LEVEL: 'warn',
    });
    broker = new KafkaMessageBroker(createKafkaClient(config), config, new KafkaSubscriptions());
    reader = testKafkaClient(lane);
  });

  afterAll(async () => {
    if (lane.skipped) {
      return;
    }
    await broker.onApplicationShutdown();
    // Best effort: a broker may refuse to delete topics (delete.topic.enable), and a failed run must show its own failure.
    const admin = reader.admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: [topic, deadLetterTopic(topic)] });
    } catch {
      // The topics stay; their names are this run's own.
    } finally {
      await admin.disconnect();
    }
  }, READ_TIMEOUT_MS);

  test(
    'creates the context’s topics, and a plain consumer reads a small record as sent and a large one with gzip undone, key and headers intact',
    async () => {
      const type = `${context}.thing-happened.v1`;
      const small = integrationMessage({ source: context, type, payload: { note: 'short' } });
      const large = integrationMessage({
        source: context,
        type,
        aggregateId: small.aggregateId,
        sequence: 2,
        payload: { text: 'keep '.repeat(2_000) },
      });

      await broker.publish(small);
      await broker.publish(large);

      const admin = reader.admin();
      await admin.connect();
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic, deadLetterTopic(topic)] });
      await admin.disconnect();
      expect(topics.map(({ name, partitions }) => [name, partitions.length]).sort()).toEqual([
        [topic, 2],
        [deadLetterTopic(topic), 2],
      ]);

      // One key, so one partition, in the order sent.
      const received = await readRecords(reader, topic, 2);
      expect(received.map((record) => record.key?.toString())).toEqual([small.aggregateId, small.aggregateId]);
      expect(received.map((record) => record.headers?.['content-encoding']?.toString())).toEqual(['identity', 'gzip']);
      expect(received.map((record) => decodeEventRecord(record))).toEqual([
        { kind: 'event', message: small },
        { kind: 'event', message: large },
      ]);
      expect(await broker.isHealthy()).toBe(true);
    },
    READ_TIMEOUT_MS * 2,
  );
});
