import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import {
  CompressionTypes,
  type ITopicConfig,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type ProducerConfig,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import { BrokerUnavailableError, type MessageConsumer } from '../../service_layer/message-broker.port';
import { integrationMessage } from '../../testing/integration-message';
import { loggedWarnings } from '../../testing/logged-warnings';
import { kernelConfig } from '../config/kernel.config';
import type { KafkaAdmin, KafkaClient, KafkaProducer } from './kafka-client';
import { KafkaMessageBroker } from './kafka-message-broker';
import { KafkaSubscriptions } from './kafka-subscriptions';

// kafkajs at the edge: a cluster of topics and acknowledged records that can be down, or stop
// answering, and producers and admins over it that keep what they were asked. Errors are kafkajs's
// own, as its client throws them once its retries have run out.

const connectionRefused = () =>
  new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:29092'), {
    retryCount: 5,
    retryTime: 4800,
  });

const messageTooLarge = () =>
  new KafkaJSProtocolError({
    type: 'MESSAGE_TOO_LARGE',
    code: 10,
    retriable: false,
    message: 'The request included a message larger than the max message size the server will accept',
  } as unknown as Error);

/** A promise that settles when the test says. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

class FakeCluster implements KafkaClient {
  state: 'up' | 'down' | 'silent' = 'up';
  readonly topics = new Map<string, { numPartitions?: number; replicationFactor?: number }>();
  readonly producers: FakeProducer[] = [];
  readonly admins: FakeAdmin[] = [];
  /** Topics that another process creates between this one's look and its request. */
  readonly createdByAnother: string[] = [];
  /** When set, the next send fails with it after the cluster saw it. */
  failNextSend: Error | null = null;
  /** When set, sends wait for it before they are acknowledged. */
  acknowledgement: Promise<void> | null = null;

  producer(config?: ProducerConfig): KafkaProducer {
    const producer = new FakeProducer(this, config ?? {});
    this.producers.push(producer);
    return producer;
  }

  admin(): KafkaAdmin {
    const admin = new FakeAdmin(this);
    this.admins.push(admin);
    return admin;
  }

  async answer(): Promise<void> {
    if (this.state === 'down') {
      throw connectionRefused();
    }
    if (this.state === 'silent') {
      await new Promise(() => undefined);
    }
  }

  sends(): ProducerRecord[] {
    return this.producers.flatMap((producer) => producer.sent);
  }
}

class FakeProducer implements KafkaProducer {
  readonly sent: ProducerRecord[] = [];
  connected = false;
  disconnected = false;

  constructor(
    private readonly cluster: FakeCluster,
    readonly config: ProducerConfig,
  ) {}

  async connect(): Promise<void> {
    await this.cluster.answer();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.disconnected = true;
  }

  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (!this.connected) {
      throw new Error('the fake producer was used before it connected');
    }
    await this.cluster.answer();
    const failure = this.cluster.failNextSend;
    this.cluster.failNextSend = null;
    if (failure) {
      throw failure;
    }
    if (!this.cluster.topics.has(record.topic)) {
      throw new KafkaJSProtocolError({
        type: 'UNKNOWN_TOPIC_OR_PARTITION',
        code: 3,
        retriable: true,
        message: 'unknown topic',
      } as unknown as Error);
    }
    await this.cluster.acknowledgement;
    this.sent.push(record);
    return [{ topicName: record.topic, partition: 0, errorCode: 0 }];
  }
}

class FakeAdmin implements KafkaAdmin {
  readonly createRequests: ITopicConfig[][] = [];
  connected = false;
  disconnected = false;

  constructor(private readonly cluster: FakeCluster) {}

  async connect(): Promise<void> {
    await this.cluster.answer();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.disconnected = true;
  }

  async describeCluster() {
    await this.cluster.answer();
    return { brokers: [{ nodeId: 1, host: 'localhost', port: 29092 }], controller: 1, clusterId: 'fake' };
  }

  async listTopics(): Promise<string[]> {
    await this.cluster.answer();
    const topics = [...this.cluster.topics.keys()];
    for (const topic of this.cluster.createdByAnother.splice(0)) {
      this.cluster.topics.set(topic, {});
    }
    return topics;
  }

  /** As kafkajs: creates those asked for that do not exist, and answers false, not an error, when any of them did. */
  async createTopics({ topics }: { topics: ITopicConfig[] }): Promise<boolean> {
    await this.cluster.answer();
    this.createRequests.push(topics);
    const missing = topics.filter(({ topic }) => !this.cluster.topics.has(topic));
    missing.forEach(({ topic, numPartitions, replicationFactor }) => this.cluster.topics.set(topic, { numPartitions, replicationFactor }));
    return missing.length === topics.length;
  }
}

const settings = (variables: Record<string, string> = {}) =>
  kernelConfig({
    ENVIRONMENT: 'qa',
    KAFKA_BROKERS: 'localhost:29092',
    MONGODB_URL: 'mongodb://localhost:27017/keepem',
    KAFKA_TOPIC_PARTITIONS: '6',
    KAFKA_TOPIC_REPLICATION_FACTOR: '3',
    KAFKA_HEALTH_TIMEOUT_MS: '100',
    OUTBOX_COMPRESS_MIN_BYTES: '1000',
    ...variables,
  });

const consumer = (name: string, source: string): MessageConsumer => ({ name, source, eventTypes: [], handle: async () => undefined });

function brokerOver(cluster: FakeCluster, subscriptions = new KafkaSubscriptions()): KafkaMessageBroker {
  return new KafkaMessageBroker(cluster, settings(), subscriptions);
}

const USERS_TOPICS = ['keepem.qa.users.events', 'keepem.qa.users.events.dlq'];
const registered = (payload = {}) => integrationMessage({ source: 'users', type: 'users.user-registered.v1', payload });
const sized = (bytes: number) => ({ text: 'x'.repeat(bytes - '{"text":""}'.length) });

describe('KafkaMessageBroker', () => {
  const warnings = loggedWarnings();
  const logged: string[] = [];
  beforeEach(() => {
    logged.length = 0;
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
  });

  describe('publish', () => {
    it('sends one record to its source’s events topic, keyed by its aggregate, with its envelope in headers, to all replicas', async () => {
      const cluster = new FakeCluster();
      const message = registered({ user_id: 'u-1' });

      await brokerOver(cluster).publish(message);

      expect(cluster.sends()).toEqual([
        {
          topic: 'keepem.qa.users.events',
          acks: -1,
          compression: CompressionTypes.None,
          messages: [
            {
              key: message.aggregateId,
              value: Buffer.from('{"user_id":"u-1"}'),
              headers: expect.objectContaining({ ce_id: message.id, ce_type: 'users.user-registered.v1', 'content-encoding': 'identity' }),
            },
          ],
        },
      ]);
    });

    it('routes by source: each context’s events go to its own topic', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);

      await broker.publish(registered());
      await broker.publish(integrationMessage({ source: 'assets', type: 'assets.asset-created.v1' }));

      expect(cluster.sends().map(({ topic }) => topic)).toEqual(['keepem.qa.users.events', 'keepem.qa.assets.events']);
    });

    it('gzips a payload from OUTBOX_COMPRESS_MIN_BYTES on, and sends a smaller one as it is', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);

      await broker.publish(registered(sized(999)));
      await broker.publish(registered(sized(1000)));

      expect(cluster.sends().map(({ compression, messages }) => [compression, messages[0].headers?.['content-encoding']])).toEqual([
        [CompressionTypes.None, 'identity'],
        [CompressionTypes.GZIP, 'gzip'],
      ]);
    });

    it('uses one idempotent producer, one request in flight, that never creates a topic by itself and whose retries end', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);

      await broker.publish(registered());
      await broker.publish(registered());

      expect(cluster.producers).toHaveLength(1);
      expect(cluster.producers[0].config).toMatchObject({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: expect.any(Number) },
      });
    });

    it('resolves only once the broker acknowledged the record', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      await broker.publish(registered());
      const acknowledged = gate();
      cluster.acknowledgement = acknowledged.opened;
      let settled = false;

      const publishing = broker.publish(registered()).then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(settled).toBe(false);

      acknowledged.open();
      await publishing;
      expect(settled).toBe(true);
    });

    it('rejects as unavailable when the broker is down, and sends once it is back', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      cluster.state = 'down';

      await expect(broker.publish(registered())).rejects.toThrow(BrokerUnavailableError);
      await expect(broker.publish(registered())).rejects.toThrow(/ECONNREFUSED/);

      cluster.state = 'up';
      const message = registered();
      await broker.publish(message);
      expect(cluster.sends().map(({ messages }) => messages[0].key)).toEqual([message.aggregateId]);
    });

    it('after a send that failed, whatever the broker wrote, sends with a new producer: a new id, so no sequence number is reused', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      await broker.publish(registered());
      cluster.failNextSend = connectionRefused();

      await expect(broker.publish(registered())).rejects.toThrow(BrokerUnavailableError);
      await broker.publish(registered());

      expect(cluster.producers).toHaveLength(2);
      expect(cluster.producers[0].disconnected).toBe(true);
      expect(cluster.producers.map((producer) => producer.sent.length)).toEqual([1, 1]);
    });

    it('rejects a record the broker refuses as an ordinary failure, which the outbox counts', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      const message = registered();
      cluster.failNextSend = messageTooLarge();

      const publishing = broker.publish(message);

      await expect(publishing).rejects.toThrow(
        `users.user-registered.v1 ${message.id} was not acknowledged by Kafka: The request included`,
      );
      await expect(publishing).rejects.not.toThrow(BrokerUnavailableError);
    });
  });

  describe('topics', () => {
    it('creates the events and dead-letter topics of every subscribed source at start-up, with the configured settings', async () => {
      const cluster = new FakeCluster();
      const subscriptions = new KafkaSubscriptions();
      const broker = brokerOver(cluster, subscriptions);
      broker.subscribe(consumer('users.activation-email', 'users'));
      broker.subscribe(consumer('assets.known-user-registered', 'users'));
      broker.subscribe(consumer('assets.removed-file-deletion', 'assets'));

      broker.onApplicationBootstrap();
      await broker.ensureTopics(['users', 'assets']);

      expect(Object.fromEntries(cluster.topics)).toEqual({
        'keepem.qa.users.events': { numPartitions: 6, replicationFactor: 3 },
        'keepem.qa.users.events.dlq': { numPartitions: 6, replicationFactor: 3 },
        'keepem.qa.assets.events': { numPartitions: 6, replicationFactor: 3 },
        'keepem.qa.assets.events.dlq': { numPartitions: 6, replicationFactor: 3 },
      });
      expect(
        subscriptions
          .byContext()
          .get('assets')
          ?.map(({ name }) => name),
      ).toEqual(['assets.known-user-registered', 'assets.removed-file-deletion']);
    });

    it('leaves existing topics as they are and asks only for the missing ones', async () => {
      const cluster = new FakeCluster();
      cluster.topics.set('keepem.qa.users.events', { numPartitions: 12 });

      await brokerOver(cluster).ensureTopics(['users']);

      expect(cluster.admins.flatMap((admin) => admin.createRequests)).toEqual([
        [{ topic: 'keepem.qa.users.events.dlq', numPartitions: 6, replicationFactor: 3 }],
      ]);
      expect(cluster.topics.get('keepem.qa.users.events')).toEqual({ numPartitions: 12 });
      expect(logged).toEqual(['Created the topics keepem.qa.users.events.dlq']);
    });

    it('takes a topic another process created meanwhile as created', async () => {
      const cluster = new FakeCluster();
      cluster.createdByAnother.push(...USERS_TOPICS);
      const broker = brokerOver(cluster);

      await broker.ensureTopics(['users']);
      await broker.publish(registered());

      expect(cluster.sends()).toHaveLength(1);
      expect(logged).toEqual([
        'The topics keepem.qa.users.events, keepem.qa.users.events.dlq were missing and exist now; another process created some or all of them at the same moment',
      ]);
    });

    it('does not leave out of the log a topic it created while another process created the other', async () => {
      const cluster = new FakeCluster();
      cluster.createdByAnother.push('keepem.qa.users.events');

      await brokerOver(cluster).ensureTopics(['users']);

      expect([...cluster.topics.keys()].sort()).toEqual(USERS_TOPICS);
      expect(logged).toEqual([
        'The topics keepem.qa.users.events, keepem.qa.users.events.dlq were missing and exist now; another process created some or all of them at the same moment',
      ]);
    });

    it('looks a context’s topics up once per process, and creates a publishing context’s topics before its first record', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);

      await broker.publish(registered());
      await broker.publish(registered());

      expect([...cluster.topics.keys()]).toEqual(USERS_TOPICS);
      expect(cluster.admins).toHaveLength(1);
      expect(cluster.admins[0].createRequests).toHaveLength(1);
    });

    it('starts with the broker down, says so, and creates the topics once it is back', async () => {
      const cluster = new FakeCluster();
      cluster.state = 'down';
      const broker = brokerOver(cluster);
      broker.subscribe(consumer('users.activation-email', 'users'));

      broker.onApplicationBootstrap();
      await expect(broker.ensureTopics(['users'])).rejects.toThrow(/ECONNREFUSED/);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([expect.stringMatching(/^The topics of users could not be made sure of at start-up.*ECONNREFUSED/)]);
      await expect(broker.publish(registered())).rejects.toThrow(BrokerUnavailableError);

      cluster.state = 'up';
      await broker.publish(registered());
      expect([...cluster.topics.keys()]).toEqual(USERS_TOPICS);
    });
  });

  describe('isHealthy', () => {
    it('is healthy while the cluster describes itself', async () => {
      expect(await brokerOver(new FakeCluster()).isHealthy()).toBe(true);
    });

    it('is unhealthy, without throwing, while the broker is down, and healthy again once it is back, logging each change once', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      cluster.state = 'down';

      expect([await broker.isHealthy(), await broker.isHealthy()]).toEqual([false, false]);
      expect(warnings).toEqual([expect.stringMatching(/^Kafka is not reachable: .*ECONNREFUSED/)]);

      cluster.state = 'up';
      expect([await broker.isHealthy(), await broker.isHealthy()]).toEqual([true, true]);
      expect(logged).toEqual(['Kafka is reachable again: 1 broker(s)']);
    });

    it('answers false after the health timeout when the cluster does not answer, and probes meanwhile share one request', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      cluster.state = 'silent';

      const started = Date.now();
      expect(await Promise.all([broker.isHealthy(), broker.isHealthy()])).toEqual([false, false]);
      expect(await broker.isHealthy()).toBe(false);

      // Three probes of 100 ms, at most: none waited on kafkajs's own retries.
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(cluster.admins).toHaveLength(1);
    });
  });

  describe('shutdown', () => {
    it('disconnects the producer and the admin, after which nothing connects again', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      await broker.publish(registered());
      await broker.isHealthy();

      await broker.onApplicationShutdown();

      expect(cluster.producers.map((producer) => producer.disconnected)).toEqual([true]);
      expect(cluster.admins.map((admin) => admin.disconnected)).toEqual([true]);
      await expect(broker.publish(registered())).rejects.toThrow(BrokerUnavailableError);
      expect(await broker.isHealthy()).toBe(false);
      expect(cluster.producers).toHaveLength(1);
      expect(cluster.admins).toHaveLength(1);
    });

    it('closes again a connection that a publish begun before the shutdown was still using (kafkajs reconnects on use)', async () => {
      const cluster = new FakeCluster();
      const broker = brokerOver(cluster);
      const acknowledged = gate();
      await broker.ensureTopics(['users']);
      cluster.acknowledgement = acknowledged.opened;
      const publishing = broker.publish(registered());
      await new Promise((resolve) => setTimeout(resolve, 10));

      await broker.onApplicationShutdown();
      // The send in flight, as kafkajs's would, reconnects the producer it was using.
      cluster.producers[0].connected = true;
      acknowledged.open();
      await publishing;
      await new Promise((resolve) => setImmediate(resolve));

      expect(cluster.producers[0].connected).toBe(false);
    });
  });
});
