import { beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachMessagePayload, Producer } from 'kafkajs';
import { KeptDeadLetters } from '../../../../../test/support/kept-dead-letters';
import type { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { integrationMessage } from '../../testing/integration-message';
import { ManualClock } from '../../testing/manual-clock';
import { KafkaConsumerGroup } from './kafka-consumer-group';
import { type KafkaConsumerSettings, serverKafkaOptions } from './kafka-consumer-settings';
import { encodeEventRecord } from './kafka-event-record';

const consumer = (name: string, source: string): MessageConsumer => ({ name, source, eventTypes: [], handle: async () => undefined });

const settings = (brokers: string[]): KafkaConsumerSettings => ({
  environment: 'qa',
  clientId: 'keepem',
  brokers,
  logLevel: 'silent',
  maxAttempts: 5,
  retryBaseMs: 500,
  heartbeatEveryMs: 3_000,
  partitionsConsumedConcurrently: 3,
  reconnectBaseMs: 50,
  reconnectMaxMs: 1_000,
});

/** A group whose transport is handed kafkajs's consumer and producer by the test, instead of connecting them. */
class WiredGroup extends KafkaConsumerGroup {
  transport(consumer: Pick<Consumer, 'commitOffsets'>, producer: Pick<Producer, 'send'>): ServerKafka {
    const server = this.newServer();
    Object.assign(server, { consumer, producer });
    return server;
  }
}

describe('KafkaConsumerGroup', () => {
  it('reads, as its consuming context’s group, the events topic of each source its consumers read', () => {
    const group = new KafkaConsumerGroup(
      'assets',
      [consumer('assets.known-users', 'users'), consumer('assets.removed-users', 'users'), consumer('assets.file-deletion', 'assets')],
      new KeptDeadLetters(),
      new ManualClock(),
      settings(['localhost:29092']),
    );

    expect(group.groupId).toBe('keepem.qa.assets');
    expect(group.topics).toEqual(['keepem.qa.users.events', 'keepem.qa.assets.events']);
  });

  it('asks the transport for manual commits, names of its own, no topic created by reading, and an idempotent producer', () => {
    expect(serverKafkaOptions(settings(['kafka:9092']), 'users')).toMatchObject({
      client: { clientId: 'keepem-users-consumer', brokers: ['kafka:9092'] },
      consumer: { groupId: 'keepem.qa.users', allowAutoTopicCreation: false },
      postfixId: '',
      run: { autoCommit: false, partitionsConsumedConcurrently: 3 },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
      producer: { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false },
    });
  });

  describe('through the Kafka transport', () => {
    const fetched = (message: IntegrationMessage, offset: string): EachMessagePayload => {
      const { message: record } = encodeEventRecord(message, 4096);
      const headers = Object.fromEntries(Object.entries(record.headers!).map(([name, value]) => [name, Buffer.from(String(value))]));
      return {
        topic: 'keepem.qa.users.events',
        partition: 1,
        message: { key: Buffer.from(message.aggregateId), value: record.value as Buffer, headers, offset, timestamp: '0', attributes: 0 },
        heartbeat: async () => undefined,
        pause: () => () => undefined,
      };
    };

    beforeEach(() => {
      Logger.overrideLogger(false);
    });

    it('hands each record of a topic the group reads to the dispatcher, which commits it once taken', async () => {
      const taken: IntegrationMessage[] = [];
      const commits: unknown[] = [];
      const group = new WiredGroup(
        'users',
        [
          {
            ...consumer('users.activation-email', 'users'),
            eventTypes: ['users.user-registered.v1'],
            handle: async (message) => void taken.push(message),
          },
        ],
        new KeptDeadLetters(),
        new ManualClock(),
        settings(['localhost:29092']),
      );
      const server = group.transport({ commitOffsets: async (offsets) => void commits.push(...offsets) }, { send: async () => [] });
      const message = integrationMessage({ source: 'users', type: 'users.user-registered.v1', payload: { user_id: 'u-1' } });

      await server.handleMessage(fetched(message, '17'));

      expect(taken).toEqual([message]);
      expect(commits).toEqual([{ topic: 'keepem.qa.users.events', partition: 1, offset: '18' }]);
    });

    it('lets a delivery that failed uncommitted reach kafkajs as a failure, so kafkajs reads the record again', async () => {
      const group = new WiredGroup(
        'users',
        [
          {
            ...consumer('users.activation-email', 'users'),
            eventTypes: ['users.user-registered.v1'],
            handle: () => Promise.reject(new Error('SMTP down')),
          },
        ],
        new KeptDeadLetters(),
        new ManualClock(),
        { ...settings(['localhost:29092']), maxAttempts: 1 },
      );
      const commits: unknown[] = [];
      const server = group.transport(
        { commitOffsets: async (offsets) => void commits.push(...offsets) },
        { send: () => Promise.reject(new Error('the DLQ topic has no leader')) },
      );

      await expect(
        server.handleMessage(fetched(integrationMessage({ source: 'users', type: 'users.user-registered.v1' }), '3')),
      ).rejects.toThrow('the DLQ topic has no leader');
      expect(commits).toEqual([]);
    });
  });
});
