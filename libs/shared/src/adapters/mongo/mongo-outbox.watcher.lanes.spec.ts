import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { fullLane, type MongoLane, wireLane } from '../../../../../test/support/mongo-lanes';
import { connectToDatabase, type MongoReplicaSet, uniqueDatabaseName } from '../../../../../test/support/mongo-replica-set';
import { InProcessMessageBroker } from '../broker/in-process-message-broker';
import type { IntegrationMessage, MessageConsumer } from '../../service_layer/message-broker.port';
import type { OutboxRecord } from '../../service_layer/outbox.port';
import { OutboxRelay, type OutboxRelayOptions } from '../../service_layer/outbox-relay';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { loggedWarnings } from '../../testing/logged-warnings';
import { ManualClock } from '../../testing/manual-clock';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { MongoDocumentSession } from './mongo-document-session';
import { ensureIndexes } from './mongo-indexes';
import { MongoOutboxStore } from './mongo-outbox.store';
import { mongoOutboxWatcher } from './mongo-outbox.watcher';

const SUITE = 'Outbox wake on MongoDB';
const RELAY_OPTIONS: Omit<OutboxRelayOptions, 'pollIntervalMs'> = {
  leaseMs: 30_000,
  renewEveryMs: 10_000,
  retryBaseMs: 1_000,
  maxRetryDelayMs: 60_000,
  maxAttempts: 4,
  retentionMs: 7 * 24 * 60 * 60_000,
  purgeEveryMs: 60 * 60_000,
};

class RecordingConsumer implements MessageConsumer {
  readonly name = 'recording';
  readonly source = 'counters';
  readonly eventTypes = ['counters.counter-incremented.v1'];
  readonly taken: IntegrationMessage[] = [];

  async handle(message: IntegrationMessage): Promise<void> {
    this.taken.push(message);
  }
}

/** Polls a condition in real time: what is measured here is how soon the relay acts. */
async function within(milliseconds: number, condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + milliseconds;
  while (!condition()) {
    if (Date.now() > deadline) {
      return false;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/**
 * A relay in "the worker", over a connection of its own, woken by its MongoDB watcher; records are
 * committed by "the API", over another connection with a signal of its own, which the worker's
 * relay cannot hear: only the database can tell it.
 */
function wakeSuite(lane: MongoLane, tests: (setting: () => Setting) => void) {
  const suite = lane.skipped ? describe.skip : describe;
  suite(`${SUITE}: ${lane.name}`, () => {
    let replicaSet: MongoReplicaSet;
    const setting = {} as Setting;

    beforeAll(async () => {
      replicaSet = await lane.start();
    }, 30_000);
    afterAll(async () => {
      await replicaSet?.stop();
    });

    beforeEach(async () => {
      const database = uniqueDatabaseName('wake');
      setting.worker = await connectToDatabase(replicaSet.url, database);
      setting.api = await connectToDatabase(replicaSet.url, database);
      await ensureIndexes(setting.worker, new RepositoryRegistry());
      setting.clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
      setting.consumer = new RecordingConsumer();
      setting.relay = null;
    });
    afterEach(async () => {
      await setting.relay?.stop();
      await setting.api.close();
      await lane.discard(setting.worker);
    });

    tests(() => setting);
  });
}

interface Setting {
  worker: Connection;
  api: Connection;
  clock: ManualClock;
  consumer: RecordingConsumer;
  relay: OutboxRelay | null;
}

function startRelay(setting: Setting, pollIntervalMs: number): OutboxRelay {
  const broker = new InProcessMessageBroker();
  broker.subscribe(setting.consumer);
  const watcher = mongoOutboxWatcher(setting.worker, new OutboxSignal(), pollIntervalMs);
  setting.relay = new OutboxRelay(
    new MongoOutboxStore(setting.worker),
    broker,
    setting.clock,
    { ...RELAY_OPTIONS, pollIntervalMs },
    watcher,
  );
  setting.relay.start();
  return setting.relay;
}

function record(clock: ManualClock): OutboxRecord {
  return {
    id: randomUUID(),
    source: 'counters',
    type: 'counters.counter-incremented.v1',
    aggregateId: randomUUID(),
    sequence: 1,
    payload: { value: 1 },
    occurredAt: clock.now(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    attempts: 0,
  };
}

/** A unit of work's commit in the other process. */
async function committedByTheApi(setting: Setting): Promise<OutboxRecord> {
  const committed = record(setting.clock);
  await setting.api.transaction((session) => new MongoDocumentSession(setting.api, session).appendToOutbox(committed));
  return committed;
}

const takenIds = (setting: Setting) => setting.consumer.taken.map((message) => message.id);

/** The watcher's line once its stream is open: from then on, no insert can slip past it. */
function watchingLines(): string[] {
  const lines: string[] = [];
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void lines.push(String(message)));
  });
  afterEach(() => {
    lines.length = 0;
  });
  return lines;
}

const WATCHING = 'The outbox relay wakes on the outbox collection’s change stream';
const A_MINUTE = 60_000;

wakeSuite(fullLane(), (setting) => {
  const warnings = loggedWarnings();
  const infos = watchingLines();

  it('relays a record another process committed long before the next poll', async () => {
    startRelay(setting(), A_MINUTE);
    expect(await within(10_000, () => infos.includes(WATCHING))).toBe(true);

    const committed = await committedByTheApi(setting());

    expect(await within(10_000, () => takenIds(setting()).includes(committed.id))).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('relays a dead record another process sent back to pending long before the next poll', async () => {
    const dead = await committedByTheApi(setting());
    const apiStore = new MongoOutboxStore(setting().api);
    const claim = { token: randomUUID(), leaseUntil: new Date(setting().clock.now().getTime() + A_MINUTE) };
    expect((await apiStore.claimNext(claim, setting().clock.now()))?.id).toBe(dead.id);
    expect(await apiStore.markDead(dead.id, claim.token, 'consumer is down', setting().clock.now())).toBe(true);
    startRelay(setting(), A_MINUTE);
    expect(await within(10_000, () => infos.includes(WATCHING))).toBe(true);
    expect(takenIds(setting())).toEqual([]);

    expect(await apiStore.retryDead(dead.id, setting().clock.now())).toBe(true);

    expect(await within(10_000, () => takenIds(setting()).includes(dead.id))).toBe(true);
  });
});

wakeSuite(wireLane(SUITE), (setting) => {
  const warnings = loggedWarnings();

  it('says once, with the server’s reason, that the relay falls back to polling, and relays by polling', async () => {
    startRelay(setting(), 200);
    const first = await committedByTheApi(setting());
    expect(await within(10_000, () => takenIds(setting()).includes(first.id))).toBe(true);
    const second = await committedByTheApi(setting());
    expect(await within(10_000, () => takenIds(setting()).includes(second.id))).toBe(true);

    expect(warnings).toEqual([
      expect.stringMatching(
        /^Change streams are unavailable on this MongoDB deployment \(NotImplemented: .*\$changeStream.*\): the outbox relay falls back to polling every 200 ms$/,
      ),
    ]);
  });
});
