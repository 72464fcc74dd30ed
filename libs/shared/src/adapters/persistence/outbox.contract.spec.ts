import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { fullLane, type MongoLane, wireLane } from '../../../../../test/support/mongo-lanes';
import { connectToDatabase, uniqueDatabaseName } from '../../../../../test/support/mongo-replica-set';
import { InProcessMessageBroker } from '../broker/in-process-message-broker';
import type { JsonObject } from '../../contracts/integration-event';
import { ManualClock } from '../../testing/manual-clock';
import {
  BrokerUnavailableError,
  EffectInProgressError,
  IntegrationMessage,
  MessageBroker,
  MessageConsumer,
} from '../../service_layer/message-broker.port';
import { OutboxClaim, OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { OutboxView } from '../../service_layer/outbox-view.port';
import { OutboxRelay, OutboxRelayOptions } from '../../service_layer/outbox-relay';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { MemoryOutboxWatcher } from '../memory/memory-outbox.watcher';
import { MemoryDocumentReader } from '../memory/memory-document-reader';
import { MemoryDocumentSession } from '../memory/memory-document-session';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { MemoryOutboxStore } from '../memory/memory-outbox.store';
import { MemoryOutboxView } from '../memory/memory-outbox.view';
import { MongoDocumentReader } from '../mongo/mongo-document-reader';
import { MongoDocumentSession } from '../mongo/mongo-document-session';
import { ensureIndexes } from '../mongo/mongo-indexes';
import { MongoOutboxStore } from '../mongo/mongo-outbox.store';
import { MongoOutboxView } from '../mongo/mongo-outbox.view';
import { DocumentInbox } from './document-inbox';
import { DocumentReader } from '../../service_layer/document-reader.port';
import { DocumentSession } from './document-session';
import { RepositoryRegistry } from './repository-registry';

// The drivers under contract.

interface Outbox {
  store: OutboxStore;
  view: OutboxView;
  /** Reads committed documents, inbox entries among them. */
  reader: DocumentReader;
  /** Writes the records in one driver transaction, as a unit of work's commit does. */
  commit(records: OutboxRecord[]): Promise<void>;
  /** Runs inbox work in one driver transaction, as a unit of work does. */
  inTransaction(work: (inbox: DocumentInbox) => Promise<void>, at: Date): Promise<void>;
  /** The same outbox as another process sees it: a store instance (and connection) of its own. */
  openAnotherStore(): Promise<OutboxStore>;
  close(): Promise<void>;
}

interface Driver {
  name: string;
  /** Why this driver cannot run here, or null. */
  skipped: string | null;
  /** Whether concurrent writes to one record are serialised as on a real server (MongoLane). */
  writeConflicts: boolean;
  /** Starts what the driver needs once per suite; `open` then gives each test an empty outbox. */
  start(): Promise<{ open(): Promise<Outbox>; stop(): Promise<void> }>;
}

/** Appends the records and flushes the inbox work through one session, as DocumentTransaction.flush does. */
async function write(session: DocumentSession, records: OutboxRecord[]): Promise<void> {
  for (const record of records) {
    await session.appendToOutbox(record);
  }
}

const memoryDriver: Driver = {
  name: 'memory',
  skipped: null,
  writeConflicts: true,
  start: async () => ({
    open: async () => {
      const database = new MemoryDocumentStore(new RepositoryRegistry());
      return {
        store: new MemoryOutboxStore(database),
        view: new MemoryOutboxView(database),
        reader: new MemoryDocumentReader(database),
        commit: async (records) => {
          const session = new MemoryDocumentSession(database);
          await write(session, records);
          session.commit();
        },
        inTransaction: async (work, at) => {
          const session = new MemoryDocumentSession(database);
          const inbox = new DocumentInbox(session, at);
          await work(inbox);
          await inbox.flush();
          session.commit();
        },
        openAnotherStore: async () => new MemoryOutboxStore(database),
        close: async () => undefined,
      };
    },
    stop: async () => undefined,
  }),
};

const mongoDriver = (lane: MongoLane): Driver => ({
  name: lane.name,
  skipped: lane.skipped,
  writeConflicts: lane.writeConflicts,
  start: async () => {
    const replicaSet = await lane.start();
    return {
      open: async () => {
        const databaseName = uniqueDatabaseName('outbox');
        const connection = await connectToDatabase(replicaSet.url, databaseName);
        await ensureIndexes(connection, new RepositoryRegistry());
        const others: Connection[] = [];
        return {
          store: new MongoOutboxStore(connection),
          view: new MongoOutboxView(connection),
          reader: new MongoDocumentReader(connection),
          commit: (records) => connection.transaction((session) => write(new MongoDocumentSession(connection, session), records)),
          inTransaction: (work, at) =>
            connection.transaction(async (session) => {
              const inbox = new DocumentInbox(new MongoDocumentSession(connection, session), at);
              await work(inbox);
              await inbox.flush();
            }),
          openAnotherStore: async () => {
            const other = await connectToDatabase(replicaSet.url, databaseName);
            others.push(other);
            return new MongoOutboxStore(other);
          },
          close: async () => {
            await Promise.all(others.map((other) => other.close()));
            await lane.discard(connection);
          },
        };
      },
      stop: () => replicaSet.stop(),
    };
  },
});

beforeAll(() => {
  // The relay logs every failed delivery; here the failures are the point of the test.
  Logger.overrideLogger(false);
});

const SUITE = 'Outbox contract';

// The contract.

const RELAY_OPTIONS: OutboxRelayOptions = {
  pollIntervalMs: 1_000,
  leaseMs: 30_000,
  renewEveryMs: 5,
  retryBaseMs: 1_000,
  maxRetryDelayMs: 60_000,
  maxAttempts: 4,
  retentionMs: 7 * 24 * 60 * 60_000,
  purgeEveryMs: 60 * 60_000,
};

/** A consumer that keeps what it took; it can be told to fail a message a number of times first, or to be slow. */
class RecordingConsumer implements MessageConsumer {
  readonly name = 'recording';
  readonly source = 'counters';
  readonly eventTypes = ['counters.counter-incremented.v1'];
  readonly taken: IntegrationMessage[] = [];
  private readonly failuresLeft = new Map<string, number>();
  private readonly busyLeft = new Map<string, number>();
  /** Runs before a message is taken, e.g. to move the clock as a slow delivery would. */
  beforeTaking: (message: IntegrationMessage) => Promise<void> = async () => undefined;

  failNext(messageId: string, times: number): void {
    this.failuresLeft.set(messageId, times);
  }

  /** Answers the next deliveries of a message as an inbox does while another delivery of it is at work. */
  busyWith(messageId: string, times: number): void {
    this.busyLeft.set(messageId, times);
  }

  async handle(message: IntegrationMessage): Promise<void> {
    const busy = this.busyLeft.get(message.id) ?? 0;
    if (busy > 0) {
      this.busyLeft.set(message.id, busy - 1);
      throw new EffectInProgressError('another delivery is sending it');
    }
    const failures = this.failuresLeft.get(message.id) ?? 0;
    if (failures > 0) {
      this.failuresLeft.set(message.id, failures - 1);
      throw new Error(`consumer is down (${failures} more)`);
    }
    await this.beforeTaking(message);
    this.taken.push(message);
  }

  takenIds(): string[] {
    return this.taken.map((message) => message.id);
  }
}

/** A broker in front of another that can be taken down: then it answers as Kafka's driver does when it cannot reach the cluster. */
class OutageBroker implements MessageBroker {
  down = false;
  /** Publishes it was asked for while down. */
  refusedWhileDown = 0;

  constructor(private readonly broker: MessageBroker) {}

  async publish(message: IntegrationMessage): Promise<void> {
    if (this.down) {
      this.refusedWhileDown += 1;
      throw new BrokerUnavailableError('Connection error: connect ECONNREFUSED 127.0.0.1:29092');
    }
    await this.broker.publish(message);
  }

  subscribe(consumer: MessageConsumer): void {
    this.broker.subscribe(consumer);
  }

  async isHealthy(): Promise<boolean> {
    return !this.down;
  }
}

/**
 * Watches a store: counts the failures it is told of, lets a test wait until every claim it holds
 * has been renewed, and turns a relay that claims records forever into a plain test failure (with
 * the memory driver that loop would never yield to a test timeout).
 */
class WatchedStore implements OutboxStore {
  failures = 0;
  private claims = 0;
  /** Records this store's relay holds, each with whoever waits for its next renewal. */
  private readonly held = new Map<string, Array<() => void>>();

  constructor(
    private readonly store: OutboxStore,
    private readonly maxClaims = 200,
  ) {}

  /** Resolves once every claim held now has been renewed (or settled). */
  renewalOfHeldClaims(): Promise<void> {
    return Promise.all([...this.held.values()].map((waiters) => new Promise<void>((resolve) => waiters.push(resolve)))).then(
      () => undefined,
    );
  }

  async claimNext(claim: OutboxClaim, now: Date): Promise<OutboxRecord | null> {
    this.claims += 1;
    if (this.claims > this.maxClaims) {
      throw new Error(`claimed ${this.maxClaims} times in one test: records are not leaving the outbox`);
    }
    const claimed = await this.store.claimNext(claim, now);
    if (claimed) {
      this.held.set(claimed.id, []);
    }
    return claimed;
  }

  async renew(id: string, claim: OutboxClaim): Promise<boolean> {
    const renewed = await this.store.renew(id, claim);
    if (renewed) {
      this.wake(id, []);
    }
    return renewed;
  }

  markSent(id: string, token: string, at: Date): Promise<boolean> {
    this.settle(id);
    return this.store.markSent(id, token, at);
  }

  markFailed(id: string, token: string, error: string, retryAt: Date): Promise<boolean> {
    this.failures += 1;
    this.settle(id);
    return this.store.markFailed(id, token, error, retryAt);
  }

  postpone(id: string, token: string, retryAt: Date): Promise<boolean> {
    this.settle(id);
    return this.store.postpone(id, token, retryAt);
  }

  markDead(id: string, token: string, error: string, at: Date): Promise<boolean> {
    this.failures += 1;
    this.settle(id);
    return this.store.markDead(id, token, error, at);
  }

  retryDead(id: string, at: Date): Promise<boolean> {
    return this.store.retryDead(id, at);
  }

  purgeBefore(before: Date): Promise<{ records: number; inboxEntries: number }> {
    return this.store.purgeBefore(before);
  }

  countPending(): Promise<number> {
    return this.store.countPending();
  }

  private settle(id: string): void {
    this.wake(id, null);
  }

  /** Wakes whoever waits on the record's renewal; null forgets the record (its claim ended). */
  private wake(id: string, next: Array<() => void> | null): void {
    const waiters = this.held.get(id);
    if (!waiters) {
      return;
    }
    if (next) {
      this.held.set(id, next);
    } else {
      this.held.delete(id);
    }
    waiters.forEach((resolve) => resolve());
  }
}

/** Runs the given steps one at a time, in the order they ask, whoever asks. */
function oneAtATime(): (step: () => Promise<void>) => Promise<void> {
  let previous = Promise.resolve();
  return (step) => {
    const turn = previous.then(step);
    previous = turn.catch(() => undefined);
    return turn;
  };
}

describe.each([memoryDriver, mongoDriver(wireLane(SUITE)), mongoDriver(fullLane())])(`${SUITE}: $name`, (driver) => {
  const contract = driver.skipped ? it.skip : it;
  /** A test whose relays or claims race for one record: only a server that serialises such writes can pass it. */
  const withWriteConflicts = driver.skipped || !driver.writeConflicts ? it.skip : it;
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

  function relayOver(store: OutboxStore, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
    return new OutboxRelay(store, broker, clock, { ...RELAY_OPTIONS, ...options }, new MemoryOutboxWatcher(new OutboxSignal()));
  }

  /** Records of aggregates of their own, one millisecond apart, up to now. */
  function records(count: number): OutboxRecord[] {
    const now = clock.now().getTime();
    return Array.from({ length: count }, (_, index) => record(randomUUID(), 1, new Date(now - count + index), { value: index }));
  }

  function record(aggregateId: string, sequence: number, occurredAt = clock.now(), payload: JsonObject = { sequence }): OutboxRecord {
    return {
      id: randomUUID(),
      source: 'counters',
      type: 'counters.counter-incremented.v1',
      aggregateId,
      sequence,
      payload,
      occurredAt,
      correlationId: randomUUID(),
      causationId: randomUUID(),
      attempts: 0,
    };
  }

  function claim(leaseMs = RELAY_OPTIONS.leaseMs): OutboxClaim {
    return { token: randomUUID(), leaseUntil: new Date(clock.now().getTime() + leaseMs) };
  }

  const ids = (list: { id: string }[]) => list.map((item) => item.id);
  const sortedIds = (list: { id: string }[]) => ids(list).sort();

  /** Passes of one or more relays until nothing is pending (in service the poll timer does this). */
  async function drain(relays: OutboxRelay[], passes = 10): Promise<number> {
    let sent = 0;
    for (let pass = 0; pass < passes && (await outbox.store.countPending()) > 0; pass += 1) {
      sent += (await Promise.all(relays.map((relay) => relay.relayPending()))).reduce((sum, count) => sum + count, 0);
    }
    return sent;
  }

  contract('the relay delivers every committed record and marks it sent', async () => {
    const committed = records(7);
    await outbox.commit(committed);
    expect(await outbox.store.countPending()).toBe(7);

    const relay = relayOver(outbox.store);
    expect(await relay.relayPending()).toBe(7);

    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
    expect(consumer.taken.find((message) => message.id === committed[2].id)).toEqual({
      id: committed[2].id,
      source: 'counters',
      type: 'counters.counter-incremented.v1',
      aggregateId: committed[2].aggregateId,
      sequence: 1,
      payload: { value: 2 },
      occurredAt: committed[2].occurredAt.toISOString(),
      correlationId: committed[2].correlationId,
      causationId: committed[2].causationId,
    });
    expect(await outbox.store.countPending()).toBe(0);
    expect(await relay.relayPending()).toBe(0);
    expect(consumer.taken).toHaveLength(7);
  });

  contract('a payload field left undefined is left out, not stored as null', async () => {
    const [written] = records(1);
    await outbox.commit([{ ...written, payload: { kept: 1, left_out: undefined } as unknown as JsonObject }]);

    await relayOver(outbox.store).relayPending();

    expect(Object.keys(consumer.taken[0].payload)).toEqual(['kept']);
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
    expect(await outbox.view.findById(failing.id)).toMatchObject({
      state: 'pending',
      attempts: 2,
      lastError: expect.stringContaining('consumer is down (1 more)'),
    });

    clock.advance(1_000);
    expect(await relay.relayPending()).toBe(1);
    expect(consumer.takenIds()).toEqual([healthy.id, failing.id]);
    expect(await outbox.store.countPending()).toBe(0);
  });

  withWriteConflicts('claims racing from two stores never both get a record: each record is claimed exactly once', async () => {
    const committed = records(20);
    await outbox.commit(committed);
    const other = await outbox.openAnotherStore();

    // Each claim reads its candidate and then writes its claim; forty at once interleave between the two.
    const claims = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 ? other : outbox.store).claimNext(claim(), clock.now())),
    );

    const claimed = claims.filter((found): found is OutboxRecord => found !== null);
    expect(claimed).toHaveLength(20);
    expect(sortedIds(claimed)).toEqual(sortedIds(committed));
  });

  withWriteConflicts('two relays running at once deliver each record once between them', async () => {
    const committed = records(20);
    await outbox.commit(committed);
    const other = await outbox.openAnotherStore();

    const sent = await drain([relayOver(outbox.store), relayOver(other)]);

    expect(sent).toBe(20);
    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
    expect(await outbox.store.countPending()).toBe(0);
  });

  withWriteConflicts(
    'two relays, a slow consumer and a clock that moves past the lease: each record is delivered once, none failed',
    async () => {
      const committed = records(6);
      await outbox.commit(committed);
      const [first, second] = [new WatchedStore(outbox.store), new WatchedStore(await outbox.openAnotherStore())];
      // Each delivery takes 40 s of clock time, more than the 30 s lease, in steps of 20 s. After each
      // step every claim is renewed before time moves on, as a relay renewing within its lease would.
      // The other relay claims all along and must not take a record over.
      const inTurn = oneAtATime();
      consumer.beforeTaking = async () => {
        for (let step = 0; step < 2; step += 1) {
          await inTurn(async () => {
            clock.advance(20_000);
            await Promise.all([first.renewalOfHeldClaims(), second.renewalOfHeldClaims()]);
          });
        }
      };

      const sent = await drain([relayOver(first), relayOver(second)]);

      expect(sent).toBe(6);
      expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
      expect(first.failures + second.failures).toBe(0);
      const { items } = await outbox.view.page('sent', { number: 0, size: 10, sort: { field: 'occurredAt', direction: 'asc' } });
      expect(items.map((item) => item.attempts)).toEqual([0, 0, 0, 0, 0, 0]);
    },
  );

  contract('a write with a stale claim token changes nothing', async () => {
    const [written] = records(1);
    await outbox.commit([written]);
    const lapsed = claim();
    expect(await outbox.store.claimNext(lapsed, clock.now())).toMatchObject({ id: written.id });
    clock.advance(RELAY_OPTIONS.leaseMs);
    const current = claim();
    expect(await outbox.store.claimNext(current, clock.now())).toMatchObject({ id: written.id });

    expect(await outbox.store.renew(written.id, { token: lapsed.token, leaseUntil: new Date(clock.now().getTime() + 60_000) })).toBe(false);
    expect(await outbox.store.markFailed(written.id, lapsed.token, 'too late', clock.now())).toBe(false);
    expect(await outbox.store.markDead(written.id, lapsed.token, 'too late', clock.now())).toBe(false);
    expect(await outbox.store.markSent(written.id, lapsed.token, clock.now())).toBe(false);
    expect(await outbox.view.findById(written.id)).toMatchObject({ state: 'pending', attempts: 0, lastError: null });
    // The current claim still holds: nobody else can claim the record.
    expect(await (await outbox.openAnotherStore()).claimNext(claim(), clock.now())).toBeNull();

    expect(await outbox.store.markSent(written.id, current.token, clock.now())).toBe(true);
    expect(await outbox.view.findById(written.id)).toMatchObject({ state: 'sent' });
  });

  contract('records of one aggregate are delivered in sequence order, and a failed one holds back the later ones', async () => {
    const aggregate = randomUUID();
    // One command's events share their time; they were written out of order on purpose.
    const [one, two, three] = [record(aggregate, 1), record(aggregate, 2), record(aggregate, 3)];
    const [other] = records(1);
    await outbox.commit([three, one, other, two]);
    consumer.failNext(one.id, 1);
    const relay = relayOver(outbox.store);

    expect(await relay.relayPending()).toBe(1);
    expect(consumer.takenIds()).toEqual([other.id]);

    clock.advance(RELAY_OPTIONS.retryBaseMs);
    expect(await relay.relayPending()).toBe(3);
    expect(consumer.takenIds()).toEqual([other.id, one.id, two.id, three.id]);
  });

  contract('records are handed out in one order: occurred first, then sequence, then id, an aggregate’s own in sequence', async () => {
    const at = clock.now().getTime();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const [a1, a2, b1, b2, x1, y1] = [
      record(a, 1, new Date(at - 5)),
      record(a, 2, new Date(at - 5)),
      record(b, 1, new Date(at - 10)),
      record(b, 2, new Date(at - 1)),
      record(randomUUID(), 1, new Date(at - 5)),
      record(randomUUID(), 1, new Date(at - 5)),
    ];
    // c's second event claims to have occurred before its first (the clocks of two processes differ).
    const [c2, c1] = [record(c, 2, new Date(at - 20)), record(c, 1, new Date(at - 3))];
    await outbox.commit([a2, c2, b1, a1, x1, c1, y1, b2]);

    await relayOver(outbox.store).relayPending();

    const sameTimeBySequenceThenId = [a1, x1, y1].sort((first, second) => (first.id < second.id ? -1 : 1));
    expect(consumer.takenIds()).toEqual(ids([b1, ...sameTimeBySequenceThenId, a2, c1, c2, b2]));
  });

  contract('a record that keeps failing is dead after the last attempt, holds back its aggregate, and can be retried', async () => {
    const aggregate = randomUUID();
    const [poisoned, later] = [record(aggregate, 1), record(aggregate, 2)];
    await outbox.commit([poisoned, later]);
    consumer.failNext(poisoned.id, RELAY_OPTIONS.maxAttempts);
    const store = new WatchedStore(outbox.store);
    const relay = relayOver(store);

    for (let pass = 0; pass < 10; pass += 1) {
      await relay.relayPending();
      clock.advance(RELAY_OPTIONS.maxRetryDelayMs);
    }

    expect(store.failures).toBe(RELAY_OPTIONS.maxAttempts);
    expect(await outbox.view.findById(poisoned.id)).toMatchObject({
      state: 'dead',
      attempts: RELAY_OPTIONS.maxAttempts,
      lastError: expect.stringContaining('consumer is down (1 more)'),
      deadAt: expect.any(Date),
    });
    expect(consumer.taken).toEqual([]);
    expect(await outbox.store.countPending()).toBe(1);
    const dead = await outbox.view.page('dead', { number: 0, size: 10, sort: { field: 'occurredAt', direction: 'asc' } });
    expect({ ids: ids(dead.items), total: dead.totalElements }).toEqual({ ids: [poisoned.id], total: 1 });

    expect(await outbox.store.retryDead(poisoned.id, clock.now())).toBe(true);
    expect(await outbox.store.retryDead(poisoned.id, clock.now())).toBe(false);
    expect(await outbox.store.retryDead(later.id, clock.now())).toBe(false);
    expect(await outbox.view.findById(poisoned.id)).toMatchObject({ state: 'pending', attempts: 0 });

    expect(await relay.relayPending()).toBe(2);
    expect(consumer.takenIds()).toEqual([poisoned.id, later.id]);
  });

  contract('the view pages records by state and sorts them', async () => {
    const written = records(5);
    await outbox.commit(written);
    await relayOver(outbox.store).relayPending();
    await outbox.commit(records(2));

    const newestSent = await outbox.view.page('sent', { number: 1, size: 2, sort: { field: 'occurredAt', direction: 'desc' } });
    expect({ ids: ids(newestSent.items), total: newestSent.totalElements }).toEqual({ ids: [written[2].id, written[1].id], total: 5 });
    expect((await outbox.view.page(undefined, { number: 0, size: 10, sort: { field: 'attempts', direction: 'asc' } })).totalElements).toBe(
      7,
    );
    expect(await outbox.view.findById(randomUUID())).toBeNull();
  });

  contract('the view sorts by attempts or by when the event occurred, either way', async () => {
    const [oldest, middle, newest] = records(3);
    await outbox.commit([oldest, middle, newest]);
    const failNextClaimed = async (dueAgainAfterMs: number) => {
      const token = claim();
      const claimed = await outbox.store.claimNext(token, clock.now());
      await outbox.store.markFailed(claimed!.id, token.token, 'refused', new Date(clock.now().getTime() + dueAgainAfterMs));
    };
    // oldest fails and is due again at once, so it fails twice; then middle once; newest never.
    await failNextClaimed(0);
    await failNextClaimed(60_000);
    await failNextClaimed(60_000);
    const sorted = async (field: 'attempts' | 'occurredAt', direction: 'asc' | 'desc') =>
      ids((await outbox.view.page(undefined, { number: 0, size: 10, sort: { field, direction } })).items);

    expect(await sorted('attempts', 'desc')).toEqual([oldest.id, middle.id, newest.id]);
    expect(await sorted('attempts', 'asc')).toEqual([newest.id, middle.id, oldest.id]);
    expect(await sorted('occurredAt', 'desc')).toEqual([newest.id, middle.id, oldest.id]);
    expect(await sorted('occurredAt', 'asc')).toEqual([oldest.id, middle.id, newest.id]);
  });

  contract('the relay purges sent records older than the retention, and their inbox entries with them', async () => {
    const [sent, stuck] = records(2);
    await outbox.commit([sent, stuck]);
    consumer.failNext(stuck.id, 99);
    await outbox.inTransaction(async (inbox) => {
      for (const event of [sent, stuck]) {
        await inbox.claim('mailer', event.id, 'first-owner', clock.now());
        await inbox.complete('mailer', event.id, 'first-owner');
      }
      // A delivery that died while it held its claim: the entry is never completed.
      await inbox.claim('notifier', sent.id, 'crashed-owner', clock.now());
    }, clock.now());
    const relay = relayOver(outbox.store);
    await relay.relayPending();
    clock.advance(RELAY_OPTIONS.retentionMs - 2_000);
    await outbox.inTransaction((inbox) => inbox.claim('mailer', 'recent-event', 'owner', clock.now()).then(() => undefined), clock.now());

    clock.advance(2_001);
    await relay.relayPending();

    expect(await outbox.view.findById(sent.id)).toBeNull();
    expect(await outbox.view.findById(stuck.id)).toMatchObject({ state: 'pending' });
    const entry = (consumerName: string, eventId: string) => outbox.reader.findById('inbox', `${consumerName}:${eventId}`, ['state']);
    expect(await entry('mailer', sent.id)).toBeNull();
    expect(await entry('notifier', sent.id)).toBeNull();
    // An event still undelivered keeps its entries however old: a later delivery must still find
    // the e-mail sent (a dead record retried a month later, say).
    expect(await entry('mailer', stuck.id)).toMatchObject({ state: 'processed' });
    expect(await entry('mailer', 'recent-event')).toMatchObject({ state: 'claimed' });
    expect(await outbox.store.purgeBefore(clock.now())).toEqual({ records: 0, inboxEntries: 0 });
  });

  contract('a purge that fails does not hold deliveries up', async () => {
    const committed = records(2);
    await outbox.commit(committed);
    const failingPurge: OutboxStore = Object.assign(Object.create(outbox.store) as OutboxStore, {
      purgeBefore: () => Promise.reject(new Error('the database refused the delete')),
    });

    expect(await relayOver(failingPurge).relayPending()).toBe(2);
    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
  });

  contract('a delivery that finds another one at work on the record is postponed, not counted as failed', async () => {
    const [record] = records(1);
    await outbox.commit([record]);
    consumer.busyWith(record.id, 1);
    const relay = relayOver(outbox.store);

    expect(await relay.relayPending()).toBe(0);
    expect(await outbox.view.findById(record.id)).toMatchObject({ state: 'pending', attempts: 0, lastError: null });

    clock.advance(RELAY_OPTIONS.retryBaseMs);
    expect(await relay.relayPending()).toBe(1);
    expect(consumer.takenIds()).toEqual([record.id]);
  });

  contract(
    'a broker outage costs no attempt, however long: the pass ends, records stay pending, and all go out once it is back',
    async () => {
      const committed = records(3);
      await outbox.commit(committed);
      const outage = new OutageBroker(broker);
      outage.down = true;
      const relay = new OutboxRelay(outbox.store, outage, clock, RELAY_OPTIONS, new MemoryOutboxWatcher(new OutboxSignal()));

      for (let pass = 0; pass < RELAY_OPTIONS.maxAttempts * 3; pass += 1) {
        expect(await relay.relayPending()).toBe(0);
        clock.advance(RELAY_OPTIONS.retryBaseMs);
      }

      // One publish per pass: the records after the first would meet the same answer.
      expect(outage.refusedWhileDown).toBe(RELAY_OPTIONS.maxAttempts * 3);
      for (const { id } of committed) {
        expect(await outbox.view.findById(id)).toMatchObject({ state: 'pending', attempts: 0 });
      }

      outage.down = false;
      expect(await relay.relayPending()).toBe(3);
      expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
    },
  );

  contract('a relay that dies after the broker took a record and before marking it sent: the record goes out again', async () => {
    const [record] = records(1);
    await outbox.commit([record]);
    const dying: OutboxStore = Object.assign(Object.create(outbox.store) as OutboxStore, {
      markSent: () => Promise.reject(new Error('the process died here')),
    });
    await expect(relayOver(dying).relayPending()).rejects.toThrow('the process died here');
    expect(consumer.takenIds()).toEqual([record.id]);

    const survivor = relayOver(await outbox.openAnotherStore());
    expect(await survivor.relayPending()).toBe(0);
    clock.advance(RELAY_OPTIONS.leaseMs);
    expect(await survivor.relayPending()).toBe(1);

    // At least once: the consumers' inboxes make the second delivery harmless.
    expect(consumer.takenIds()).toEqual([record.id, record.id]);
    expect(await outbox.view.findById(record.id)).toMatchObject({ state: 'sent', attempts: 0 });
  });

  contract('stop() ends after the record in hand and leaves no claim behind for the next relay', async () => {
    const committed = records(30);
    await outbox.commit(committed);
    const relay = relayOver(outbox.store, { pollIntervalMs: 60_000 });
    let stopped: Promise<void> | undefined;
    const stopAsked = new Promise<void>((resolve) => {
      consumer.beforeTaking = async () => {
        if (consumer.taken.length === 4) {
          stopped = relay.stop();
          resolve();
        }
      };
    });

    relay.start();
    await stopAsked;
    await stopped;

    expect(consumer.taken).toHaveLength(5);
    expect(await outbox.store.countPending()).toBe(25);
    // Without waiting for any lease to run out, another relay takes over at once.
    expect(await relayOver(await outbox.openAnotherStore()).relayPending()).toBe(25);
    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
  });

  contract('a crash between commit and publish loses nothing: a new relay delivers what was committed', async () => {
    const committed = records(4);
    // The process that committed these died before any relay ran.
    await outbox.commit(committed);

    const restarted = await outbox.openAnotherStore();
    expect(await relayOver(restarted).relayPending()).toBe(4);

    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
    expect(await restarted.countPending()).toBe(0);
    expect(await outbox.store.countPending()).toBe(0);
  });

  contract('a lease that ran out (its relay died mid-delivery) makes the record claimable again', async () => {
    const committed = records(2);
    await outbox.commit(committed);
    expect(await outbox.store.claimNext(claim(), clock.now())).not.toBeNull();
    expect(await outbox.store.claimNext(claim(), clock.now())).not.toBeNull();

    const survivor = relayOver(await outbox.openAnotherStore());
    expect(await survivor.relayPending()).toBe(0);
    clock.advance(RELAY_OPTIONS.leaseMs - 1);
    expect(await survivor.relayPending()).toBe(0);

    clock.advance(1);
    expect(await survivor.relayPending()).toBe(2);
    expect(consumer.takenIds().sort()).toEqual(sortedIds(committed));
    expect(await outbox.store.countPending()).toBe(0);
  });
});
