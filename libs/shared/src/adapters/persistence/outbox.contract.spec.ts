import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import {
  connectToDatabase,
  mongoSkipReason,
  startProbedReplicaSet,
  uniqueDatabaseName,
} from '../../../../../test/support/mongo-replica-set';
import { InProcessMessageBroker } from '../broker/in-process-message-broker';
import { ManualClock } from '../clock/manual-clock';
import { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import { OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { OutboxRelay, OutboxRelayOptions } from '../../service_layer/outbox-relay';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { MemoryDocumentSession } from '../memory/memory-document-session';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { MemoryOutboxStore } from '../memory/memory-outbox.store';
import { MongoDocumentSession } from '../mongo/mongo-document-session';
import { ensureIndexes } from '../mongo/mongo-indexes';
import { MongoOutboxStore } from '../mongo/mongo-outbox.store';
import { RepositoryRegistry } from './repository-registry';

// The drivers under contract.

interface Outbox {
  store: OutboxStore;
  /** Writes the records in one driver transaction, as a unit of work's commit does. */
  commit(records: OutboxRecord[]): Promise<void>;
  /** The same outbox as another process sees it: a store instance (and connection) of its own. */
  openAnotherStore(): Promise<OutboxStore>;
  close(): Promise<void>;
}

interface Driver {
  name: string;
  /** Why this driver cannot run here, or null. */
  skipped: string | null;
  /** Starts what the driver needs once per suite; `open` then gives each test an empty outbox. */
  start(): Promise<{ open(): Promise<Outbox>; stop(): Promise<void> }>;
}

const memoryDriver: Driver = {
  name: 'memory',
  skipped: null,
  start: async () => ({
    open: async () => {
      const database = new MemoryDocumentStore(new RepositoryRegistry());
      return {
        store: new MemoryOutboxStore(database),
        commit: async (records) => {
          const session = new MemoryDocumentSession(database);
          for (const record of records) {
            await session.appendToOutbox(record);
          }
          session.commit();
        },
        openAnotherStore: async () => new MemoryOutboxStore(database),
        close: async () => undefined,
      };
    },
    stop: async () => undefined,
  }),
};

const mongoDriver: Driver = {
  name: 'mongo',
  skipped: mongoSkipReason(),
  start: async () => {
    const replicaSet = await startProbedReplicaSet();
    return {
      open: async () => {
        const databaseName = uniqueDatabaseName('outbox');
        const connection = await connectToDatabase(replicaSet.url, databaseName);
        await ensureIndexes(connection, new RepositoryRegistry());
        const others: Connection[] = [];
        return {
          store: new MongoOutboxStore(connection),
          commit: async (records) => {
            await connection.transaction(async (session) => {
              const documents = new MongoDocumentSession(connection, session);
              for (const record of records) {
                await documents.appendToOutbox(record);
              }
            });
          },
          openAnotherStore: async () => {
            const other = await connectToDatabase(replicaSet.url, databaseName);
            others.push(other);
            return new MongoOutboxStore(other);
          },
          close: async () => {
            await Promise.all(others.map((other) => other.close()));
            await connection.dropDatabase();
            await connection.close();
          },
        };
      },
      stop: () => replicaSet.stop(),
    };
  },
};

beforeAll(() => {
  // The relay logs every failed delivery; here the failures are the point of the test.
  Logger.overrideLogger(false);
});

// The contract.

const RELAY_OPTIONS: OutboxRelayOptions = {
  pollIntervalMs: 1_000,
  batchSize: 3,
  leaseMs: 30_000,
  retryBaseMs: 1_000,
  maxRetryDelayMs: 60_000,
};

/** A consumer that keeps what it took and can be told to fail a message a number of times first. */
class RecordingConsumer implements MessageConsumer {
  readonly name = 'recording';
  readonly eventTypes = ['CounterIncremented'];
  readonly taken: IntegrationMessage[] = [];
  private readonly failuresLeft = new Map<string, number>();

  failNext(messageId: string, times: number): void {
    this.failuresLeft.set(messageId, times);
  }

  async handle(message: IntegrationMessage): Promise<void> {
    const failures = this.failuresLeft.get(message.id) ?? 0;
    if (failures > 0) {
      this.failuresLeft.set(message.id, failures - 1);
      throw new Error('consumer is down');
    }
    this.taken.push(message);
  }

  takenIds(): string[] {
    return this.taken.map((message) => message.id);
  }
}

/**
 * A relay whose records never leave the outbox claims them again forever; with the memory driver
 * that loop never yields, so no test timeout could stop it. This makes it a plain test failure.
 */
function failIfLooping(store: OutboxStore, maxClaims = 50): OutboxStore {
  let claims = 0;
  return {
    claim: (limit, now, leaseUntil) => {
      claims += 1;
      if (claims > maxClaims) {
        return Promise.reject(new Error(`claimed ${maxClaims} batches in one test: records are not leaving the outbox`));
      }
      return store.claim(limit, now, leaseUntil);
    },
    markSent: (id, at) => store.markSent(id, at),
    markFailed: (id, error, retryAt) => store.markFailed(id, error, retryAt),
    countPending: () => store.countPending(),
  };
}

describe.each([memoryDriver, mongoDriver])('Outbox contract: $name driver', (driver) => {
  const contract = driver.skipped ? it.skip : it;
  let environment: Awaited<ReturnType<Driver['start']>>;
  let outbox: Outbox;
  let clock: ManualClock;
  let consumer: RecordingConsumer;
  let broker: InProcessMessageBroker;

  beforeAll(async () => {
    environment = await driver.start();
  }, 30_000);

  afterAll(async () => {
    await environment?.stop();
  });

  beforeEach(async () => {
    outbox = await environment.open();
    clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    consumer = new RecordingConsumer();
    broker = new InProcessMessageBroker();
    broker.subscribe(consumer);
  });

  afterEach(async () => {
    await outbox.close();
  });

  function relayOver(store: OutboxStore): OutboxRelay {
    return new OutboxRelay(failIfLooping(store), broker, clock, RELAY_OPTIONS, new OutboxSignal());
  }

  /** Records that occurred one millisecond apart, up to now. */
  function records(count: number): OutboxRecord[] {
    const now = clock.now().getTime();
    return Array.from({ length: count }, (_, index) => ({
      id: randomUUID(),
      type: 'CounterIncremented',
      aggregateId: randomUUID(),
      payload: { value: index },
      occurredAt: new Date(now - count + index),
      correlationId: randomUUID(),
      attempts: 0,
    }));
  }

  function lease(): Date {
    return new Date(clock.now().getTime() + RELAY_OPTIONS.leaseMs);
  }

  contract('the relay delivers every committed record and marks it sent', async () => {
    const committed = records(7);
    await outbox.commit(committed);
    expect(await outbox.store.countPending()).toBe(7);

    const relay = relayOver(outbox.store);
    expect(await relay.relayPending()).toBe(7);

    expect(consumer.takenIds().sort()).toEqual(committed.map((record) => record.id).sort());
    expect(consumer.taken.find((message) => message.id === committed[2].id)).toEqual({
      id: committed[2].id,
      type: 'CounterIncremented',
      aggregateId: committed[2].aggregateId,
      payload: { value: 2 },
      occurredAt: committed[2].occurredAt.toISOString(),
      correlationId: committed[2].correlationId,
    });
    expect(await outbox.store.countPending()).toBe(0);
    expect(await relay.relayPending()).toBe(0);
    expect(consumer.taken).toHaveLength(7);
  });

  contract('a consumer failure keeps the record pending, counts the attempt, and a later pass delivers it', async () => {
    const [failing, healthy] = records(2);
    await outbox.commit([failing, healthy]);
    consumer.failNext(failing.id, 2);
    const relay = relayOver(outbox.store);

    expect(await relay.relayPending()).toBe(1);
    expect(consumer.takenIds()).toEqual([healthy.id]);
    expect(await outbox.store.countPending()).toBe(1);

    clock.advance(999);
    expect(await relay.relayPending()).toBe(0);

    // First retry after retryBaseMs; it fails again, so the next waits twice as long.
    clock.advance(1);
    expect(await relay.relayPending()).toBe(0);
    clock.advance(1_000);
    expect(await relay.relayPending()).toBe(0);

    clock.advance(1_000);
    const [due] = await outbox.store.claim(10, clock.now(), clock.now());
    expect(due).toMatchObject({ id: failing.id, attempts: 2 });

    clock.advance(1);
    expect(await relay.relayPending()).toBe(1);
    expect(consumer.takenIds()).toEqual([healthy.id, failing.id]);
    expect(await outbox.store.countPending()).toBe(0);
  });

  contract('two stores claiming at once never both get the same record', async () => {
    const committed = records(40);
    await outbox.commit(committed);
    const other = await outbox.openAnotherStore();

    const [first, second] = await Promise.all([outbox.store.claim(40, clock.now(), lease()), other.claim(40, clock.now(), lease())]);

    const firstIds = first.map((record) => record.id);
    const secondIds = second.map((record) => record.id);
    expect(firstIds.filter((id) => secondIds.includes(id))).toEqual([]);
    expect([...firstIds, ...secondIds].sort()).toEqual(committed.map((record) => record.id).sort());
  });

  contract('two relays running at once deliver each record once between them', async () => {
    const committed = records(20);
    await outbox.commit(committed);
    const other = await outbox.openAnotherStore();

    const relays = [relayOver(outbox.store), relayOver(other)];
    let sent = 0;
    // A relay ends its pass at a short batch, and the other relay's claims can make a batch short
    // while records remain; in service the poll timer starts the next pass, here the loop does.
    for (let pass = 0; pass < 10 && (await outbox.store.countPending()) > 0; pass += 1) {
      const [first, second] = await Promise.all(relays.map((relay) => relay.relayPending()));
      sent += first + second;
    }

    expect(sent).toBe(20);
    expect(consumer.takenIds().sort()).toEqual(committed.map((record) => record.id).sort());
    expect(await outbox.store.countPending()).toBe(0);
  });

  contract('a crash between commit and publish loses nothing: a new relay delivers what was committed', async () => {
    const committed = records(4);
    // The process that committed these died before any relay ran.
    await outbox.commit(committed);

    const restarted = await outbox.openAnotherStore();
    expect(await relayOver(restarted).relayPending()).toBe(4);

    expect(consumer.takenIds().sort()).toEqual(committed.map((record) => record.id).sort());
    expect(await restarted.countPending()).toBe(0);
    expect(await outbox.store.countPending()).toBe(0);
  });

  contract('a lease that ran out (its relay died mid-batch) makes the records claimable again', async () => {
    const committed = records(2);
    await outbox.commit(committed);
    const claimedByTheDeadRelay = await outbox.store.claim(10, clock.now(), lease());
    expect(claimedByTheDeadRelay).toHaveLength(2);

    const survivor = relayOver(await outbox.openAnotherStore());
    expect(await survivor.relayPending()).toBe(0);
    clock.advance(RELAY_OPTIONS.leaseMs - 1);
    expect(await survivor.relayPending()).toBe(0);

    clock.advance(1);
    expect(await survivor.relayPending()).toBe(2);
    expect(consumer.takenIds().sort()).toEqual(committed.map((record) => record.id).sort());
    expect(await outbox.store.countPending()).toBe(0);
  });
});
