import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { type Admin, type IHeaders, Kafka, logLevel } from 'kafkajs';
import { eventually } from '../../../../../test/support/eventually';
import { kafkaLane } from '../../../../../test/support/kafka-lane';
import { uniqueKafkaEnvironment } from '../../../../../test/support/kafka-test-environment';
import { KeptDeadLetters } from '../../../../../test/support/kept-dead-letters';
import { type BrokerHarness, type BrokerLeg, messageBrokerContract } from '../../../../../test/support/message-broker-contract';
import { contextOfConsumerName } from '../../service_layer/consumer-name';
import type { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import type { OutboxClaim, OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { OutboxRelay, type OutboxRelayOptions } from '../../service_layer/outbox-relay';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { integrationMessage } from '../../testing/integration-message';
import { SystemClock } from '../clock/system-clock';
import type { KernelConfig } from '../config/kernel.config';
import { KafkaConsumerGroup } from '../kafka/kafka-consumer-group';
import type { KafkaConsumerSettings } from '../kafka/kafka-consumer-settings';
import { createKafkaClient } from '../kafka/kafka-client';
import { KafkaMessageBroker } from '../kafka/kafka-message-broker';
import { KafkaSubscriptions } from '../kafka/kafka-subscriptions';
import { deadLetterTopic, eventsTopic } from '../kafka/kafka-topics';
import { MemoryDocumentSession } from '../memory/memory-document-session';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { MemoryOutboxStore } from '../memory/memory-outbox.store';
import { MemoryOutboxView } from '../memory/memory-outbox.view';
import { MemoryOutboxWatcher } from '../memory/memory-outbox.watcher';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { InProcessMessageBroker } from './in-process-message-broker';

/**
 * The broker contract (test/support/message-broker-contract.ts) on each driver, through a harness
 * per driver, in one file so that the Kafka leg's skipped line is printed beside the in-process
 * leg's results (Jest prints nothing of a file whose every test is skipped).
 */

const SUITE = 'Message broker contract';
const lane = kafkaLane(SUITE);

// The in-process driver.

/**
 * On the in-process broker the outbox relay is the retry queue: a consumer that fails makes the
 * publish fail, the relay tries the record again later, and after `maxAttempts` the record is dead,
 * which is this driver's dead letter (an administrator's retry of it is the replay).
 */
const RELAY_OPTIONS: OutboxRelayOptions = {
  pollIntervalMs: 20,
  // A relay that died holding a record gives it back when its lease ends.
  leaseMs: 300,
  renewEveryMs: 100,
  retryBaseMs: 10,
  maxRetryDelayMs: 50,
  maxAttempts: 3,
  retentionMs: 24 * 60 * 60_000,
  purgeEveryMs: 24 * 60 * 60_000,
};

/** The outbox as the relay sees it, but for a relay that dies once, after the broker took a record and before it marked it sent. */
class CrashingOutboxStore implements OutboxStore {
  private crashAtNextMarkSent = false;

  constructor(private readonly store: OutboxStore) {}

  crashBeforeNextMarkSent(): void {
    this.crashAtNextMarkSent = true;
  }

  claimNext(claim: OutboxClaim, now: Date) {
    return this.store.claimNext(claim, now);
  }

  renew(id: string, claim: OutboxClaim) {
    return this.store.renew(id, claim);
  }

  async markSent(id: string, token: string, at: Date) {
    if (this.crashAtNextMarkSent) {
      this.crashAtNextMarkSent = false;
      throw new Error('the relay died before it marked the record sent');
    }
    return this.store.markSent(id, token, at);
  }

  markFailed(id: string, token: string, error: string, retryAt: Date) {
    return this.store.markFailed(id, token, error, retryAt);
  }

  postpone(id: string, token: string, retryAt: Date) {
    return this.store.postpone(id, token, retryAt);
  }

  markDead(id: string, token: string, error: string, at: Date) {
    return this.store.markDead(id, token, error, at);
  }

  retryDead(id: string, at: Date) {
    return this.store.retryDead(id, at);
  }

  purgeBefore(before: Date) {
    return this.store.purgeBefore(before);
  }

  countPending() {
    return this.store.countPending();
  }
}

const inProcess: BrokerHarness = {
  name: 'in-process broker behind the outbox relay',
  skipped: null,
  timeoutMs: 15_000,
  open: async (): Promise<BrokerLeg> => {
    const database = new MemoryDocumentStore(new RepositoryRegistry());
    const outbox = new CrashingOutboxStore(new MemoryOutboxStore(database));
    const view = new MemoryOutboxView(database);
    const broker = new InProcessMessageBroker();
    const relay = new OutboxRelay(outbox, broker, new SystemClock(), RELAY_OPTIONS, new MemoryOutboxWatcher(new OutboxSignal()));
    return {
      subscribe: (consumer) => broker.subscribe(consumer),
      start: async () => relay.start(),
      publish: async (message) => {
        const session = new MemoryDocumentSession(database);
        await session.appendToOutbox(toRecord(message));
        session.commit();
        relay.nudge();
      },
      crashBeforeAcknowledging: () => outbox.crashBeforeNextMarkSent(),
      deadLetters: async () => {
        const dead = await view.page('dead', { number: 0, size: 100, sort: { field: 'occurredAt', direction: 'asc' } });
        return dead.items.map((entry) => ({ id: entry.id, messageId: entry.id, error: entry.lastError ?? '' }));
      },
      replay: async (id) => {
        await outbox.retryDead(id, new Date());
        relay.nudge();
      },
      stop: () => relay.stop(),
    };
  },
};

function toRecord(message: IntegrationMessage): OutboxRecord {
  return { ...message, occurredAt: new Date(message.occurredAt), attempts: 0 };
}

// Kafka.

/** The contexts whose events the tests publish; each test's topics are new (uniqueKafkaEnvironment). */
const SOURCES = ['orders'];

/** A group of the worker's, but one the test can crash: its transport closes at once, as when the process dies. */
class CrashableGroup extends KafkaConsumerGroup {
  /**
   * kafkajs's consumer is stopping from the first moment of the close, and from then on ignores any
   * commit: the offset of the message in hand stays where it was, as if the process had died.
   */
  crash(): Promise<void> {
    return this.server?.close() ?? Promise.resolve();
  }
}

/** Everything a test puts on the broker: its own topics, the worker's groups reading them, the relay's broker writing them. */
class KafkaWire {
  readonly environment = uniqueKafkaEnvironment();
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly broker: KafkaMessageBroker;
  readonly deadLetters = new KeptDeadLetters();
  readonly subscriptions = new KafkaSubscriptions();
  groups: CrashableGroup[] = [];
  private readonly crashes: Promise<void>[] = [];

  constructor(readonly brokers: string[]) {
    this.kafka = new Kafka({ clientId: 'broker-contract', brokers, logLevel: logLevel.NOTHING });
    this.admin = this.kafka.admin();
    const broker = {
      driver: 'kafka' as const,
      kafkaBrokers: brokers,
      clientId: 'broker-contract',
      topicPartitions: 3,
      topicReplicationFactor: 1,
      healthTimeoutMs: 2_000,
      compressMinBytes: 4096,
      consumerMaxAttempts: 3,
      consumerRetryBaseMs: 20,
    };
    this.broker = new KafkaMessageBroker(
      createKafkaClient({ broker, logLevel: 'silent' }),
      // The broker uses the environment for topic names only; a name of the run's own keeps runs apart.
      { environment: this.environment as KernelConfig['environment'], broker },
      this.subscriptions,
    );
  }

  get settings(): KafkaConsumerSettings {
    return {
      environment: this.environment,
      clientId: 'broker-contract',
      brokers: this.brokers,
      logLevel: 'silent',
      maxAttempts: 3,
      retryBaseMs: 20,
      maxRetryDelayMs: 60_000,
      heartbeatEveryMs: 1_000,
      partitionsConsumedConcurrently: 3,
      reconnectBaseMs: 200,
      reconnectMaxMs: 2_000,
    };
  }

  topics(): string[] {
    return SOURCES.flatMap((source) => [eventsTopic(this.environment, source), deadLetterTopic(eventsTopic(this.environment, source))]);
  }

  async open(createTopics = true): Promise<void> {
    await this.admin.connect();
    if (createTopics) {
      await this.createTopics();
    }
  }

  async createTopics(): Promise<void> {
    await this.admin.createTopics({ waitForLeaders: true, topics: this.topics().map((topic) => ({ topic, numPartitions: 3 })) });
  }

  publish(message: IntegrationMessage): Promise<void> {
    return this.broker.publish(message);
  }

  newGroup(context: string, consumers: readonly MessageConsumer[]): CrashableGroup {
    return new CrashableGroup(context, consumers, this.deadLetters, new SystemClock(), this.settings);
  }

  /** Starts a group per consuming context, as the worker's runner does, and waits until they run. */
  async startGroups(): Promise<void> {
    this.groups = [...this.subscriptions.byContext()].map(([context, consumers]) => this.newGroup(context, consumers));
    this.groups.forEach((group) => group.start());
    await Promise.all(this.groups.map((group) => group.connected()));
  }

  /** Crashes the group of a consuming context, then starts it again: a worker that died and was restarted. */
  crashAndRestart(context: string): void {
    const index = this.groups.findIndex((group) => group.context === context);
    const crashed = this.groups[index];
    const restarted = this.newGroup(context, this.subscriptions.byContext().get(context) ?? []);
    this.groups[index] = restarted;
    this.crashes.push(
      crashed.crash().then(async () => {
        restarted.start();
        await restarted.connected();
      }),
    );
  }

  /** Reads every record of a topic from its beginning, with a consumer group of its own. */
  async read(topic: string, count: number): Promise<{ key: string | null; value: Buffer | null; headers: IHeaders }[]> {
    const records: { key: string | null; value: Buffer | null; headers: IHeaders }[] = [];
    const reader = this.kafka.consumer({ groupId: `${this.environment}.reader.${topic}` });
    await reader.connect();
    await reader.subscribe({ topics: [topic], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void records.push({ key: message.key?.toString() ?? null, value: message.value, headers: message.headers ?? {} }),
    });
    try {
      await eventually(
        async () => records.length,
        (read) => read >= count,
        20_000,
      );
    } finally {
      await reader.disconnect();
    }
    return records;
  }

  async close(): Promise<void> {
    await Promise.all(this.crashes);
    await Promise.all(this.groups.map((group) => group.stop()));
    await this.broker.onApplicationShutdown();
    await this.admin.deleteTopics({ topics: this.topics() }).catch(() => undefined);
    await this.admin.disconnect();
  }
}

const kafka: BrokerHarness = {
  name: 'Kafka, consumer groups through the Nest Kafka transport',
  skipped: lane.skipped,
  timeoutMs: 60_000,
  open: async (): Promise<BrokerLeg> => {
    const wire = new KafkaWire(lane.brokers);
    await wire.open();
    return {
      subscribe: (consumer) => wire.subscriptions.add(consumer),
      start: () => wire.startGroups(),
      publish: (message) => wire.publish(message),
      crashBeforeAcknowledging: (consumer) => wire.crashAndRestart(contextOfConsumerName(consumer.name)),
      deadLetters: async () =>
        (await wire.deadLetters.all()).map((letter) => ({
          id: letter.id,
          messageId: letter.message.id,
          error: `${letter.consumer}: ${letter.error}`,
        })),
      replay: async (id) => {
        const letter = await wire.deadLetters.findById(id);
        if (!letter) {
          throw new Error(`No dead letter ${id}`);
        }
        await wire.publish(letter.message);
        await wire.deadLetters.markReplayed(id, new Date());
      },
      stop: () => wire.close(),
    };
  },
};

messageBrokerContract(SUITE, inProcess);
messageBrokerContract(SUITE, kafka);

describe(`${SUITE}: what only Kafka does`, () => {
  const kafkaOnly = lane.skipped ? it.skip : it;
  let wire: KafkaWire;

  beforeEach(() => {
    Logger.overrideLogger(false);
    if (!lane.skipped) {
      wire = new KafkaWire(lane.brokers);
    }
  });

  afterEach(async () => {
    if (!lane.skipped) {
      await wire.close();
    }
  });

  kafkaOnly(
    'sends a poison message to <topic>.dlq as it came, with headers naming the consumer, the error and the attempts',
    async () => {
      await wire.open();
      wire.subscriptions.add({
        name: 'billing.invoice',
        source: 'orders',
        eventTypes: ['orders.order-placed.v1'],
        handle: async () => Promise.reject(new Error('the invoice template is broken')),
      });
      await wire.startGroups();
      const poison = integrationMessage({ source: 'orders', type: 'orders.order-placed.v1', payload: { order_id: 'o-1' } });

      await wire.publish(poison);

      const topic = eventsTopic(wire.environment, 'orders');
      const [dead] = await wire.read(deadLetterTopic(topic), 1);
      const header = (name: string) => dead.headers[name]?.toString();
      expect(dead.key).toBe(poison.aggregateId);
      expect(JSON.parse(String(dead.value))).toEqual(poison.payload);
      expect(header('ce_id')).toBe(poison.id);
      expect(header('dlq_consumer')).toBe('billing.invoice');
      expect(header('dlq_error')).toBe('the invoice template is broken');
      expect(header('dlq_attempts')).toBe('3');
      expect(header('dlq_original_topic')).toBe(topic);
      expect(header('dlq_original_offset')).toBe('0');
      expect(await wire.deadLetters.all()).toMatchObject([
        { consumer: 'billing.invoice', topic, offset: '0', message: poison, attempts: 3 },
      ]);
    },
    60_000,
  );

  kafkaOnly(
    'starts before its topics exist, keeps trying, and consumes once they do',
    async () => {
      await wire.open(false);
      const taken: string[] = [];
      wire.subscriptions.add({
        name: 'billing.invoice',
        source: 'orders',
        eventTypes: ['orders.order-placed.v1'],
        handle: async (message) => void taken.push(message.id),
      });
      const [group] = [...wire.subscriptions.byContext()].map(([context, consumers]) => wire.newGroup(context, consumers));
      wire.groups = [group];
      group.start();

      await new Promise((wake) => setTimeout(wake, 1_000));
      await wire.createTopics();
      await group.connected();
      const message = integrationMessage({ source: 'orders', type: 'orders.order-placed.v1' });
      await wire.publish(message);

      await eventually(
        async () => taken,
        (ids) => ids.includes(message.id),
        30_000,
      );
    },
    90_000,
  );
});
