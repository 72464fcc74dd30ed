import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
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
  maxRetryDelayMs: 60_000,
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

/**
 * kafkajs's client as far as the transport uses it, whose consumer joins only when the test says:
 * the group is still starting meanwhile. Each call lands in one log, so the order shows.
 */
class JoiningKafka {
  readonly log: string[] = [];
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();
  private join: () => void = () => undefined;
  private started: () => void = () => undefined;
  /** Resolves once the consumer runs, i.e. is joining its group. */
  readonly joining = new Promise<void>((started) => (this.started = started));

  /** Lets the consumer's run() resolve, as kafkajs's does once its runner caught a failed join. */
  joined(): void {
    this.join();
  }

  /** What kafkajs emits when it caught a retriable crash, just before it sets its restart timer. */
  crash(restart: boolean): void {
    this.log.push('crash');
    const event = {
      type: 'consumer.crash',
      payload: { error: new Error('The coordinator is not aware of this member'), groupId: 'g', restart },
    };
    this.listeners.get('consumer.crash')?.forEach((listener) => listener(event));
  }

  consumer() {
    return {
      events: {
        CONNECT: 'consumer.connect',
        DISCONNECT: 'consumer.disconnect',
        REBALANCING: 'consumer.rebalancing',
        STOP: 'consumer.stop',
        CRASH: 'consumer.crash',
      },
      on: (event: string, listener: (event: unknown) => void) =>
        void this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]),
      connect: async () => undefined,
      subscribe: async () => undefined,
      run: () =>
        new Promise<void>((joined) => {
          this.join = joined;
          this.started();
        }),
      disconnect: async () => void this.log.push('consumer disconnected'),
    };
  }

  producer() {
    return {
      events: { CONNECT: 'producer.connect', DISCONNECT: 'producer.disconnect' },
      on: () => undefined,
      connect: async () => undefined,
      disconnect: async () => undefined,
    };
  }
}

/** A group whose transport connects to a JoiningKafka. */
class JoiningGroup extends KafkaConsumerGroup {
  readonly kafka = new JoiningKafka();

  protected override newServer(): ServerKafka {
    const server = super.newServer();
    Object.assign(server, { createClient: async () => this.kafka });
    return server;
  }
}

describe('KafkaConsumerGroup', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

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

  it('asks the transport for manual commits, names of its own, no topic created by reading, heartbeats at the dispatcher’s pace, and an idempotent producer', () => {
    expect(serverKafkaOptions(settings(['kafka:9092']), 'users')).toMatchObject({
      client: { clientId: 'keepem-users-consumer', brokers: ['kafka:9092'] },
      consumer: { groupId: 'keepem.qa.users', allowAutoTopicCreation: false, heartbeatInterval: 3_000 },
      postfixId: '',
      run: { autoCommit: false, partitionsConsumedConcurrently: 3 },
      subscribe: { fromBeginning: true },
      parser: { keepBinary: true },
      producer: { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false },
    });
  });

  it('leaves nothing running when stopped while still joining, even if kafkajs then crashes and means to restart', async () => {
    const logged: string[] = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const group = new JoiningGroup(
      'users',
      [consumer('users.activation-email', 'users')],
      new KeptDeadLetters(),
      new ManualClock(),
      settings(['localhost:29092']),
    );
    const { kafka } = group;
    group.start();
    await kafka.joining;

    await group.stop();
    kafka.joined();
    await group.connected();
    kafka.crash(true);
    await new Promise((turn) => setImmediate(turn));

    expect(kafka.log.slice(kafka.log.indexOf('crash'))).toEqual(['crash', 'consumer disconnected']);
    expect(logged.slice(logged.indexOf('keepem.qa.users stopped'))).toEqual(['keepem.qa.users stopped']);
    expect(logged.some((line) => line.includes('consumes'))).toBe(false);
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
        [{ ...consumer('users.activation-email', 'users'), eventTypes: ['users.user-registered.v1'] }],
        new KeptDeadLetters(),
        new ManualClock(),
        settings(['localhost:29092']),
      );
      const server = group.transport(
        { commitOffsets: () => Promise.reject(new Error('The coordinator is not aware of this member')) },
        { send: async () => [] },
      );

      await expect(
        server.handleMessage(fetched(integrationMessage({ source: 'users', type: 'users.user-registered.v1' }), '3')),
      ).rejects.toThrow('The coordinator is not aware of this member');
    });
  });
});
