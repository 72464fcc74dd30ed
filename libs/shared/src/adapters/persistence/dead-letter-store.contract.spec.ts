import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { fullLane, type MongoLane, wireLane } from '../../../../../test/support/mongo-lanes';
import { connectToDatabase, uniqueDatabaseName } from '../../../../../test/support/mongo-replica-set';
import { DeadLetter, DeadLetterStore } from '../../service_layer/dead-letter-store.port';
import { integrationMessage } from '../../testing/integration-message';
import { MemoryDeadLetterStore } from '../memory/memory-dead-letter.store';
import { MongoDeadLetterStore } from '../mongo/mongo-dead-letter.store';
import { ensureIndexes } from '../mongo/mongo-indexes';
import { RepositoryRegistry } from './repository-registry';

// The drivers under contract.

interface Letters {
  store: DeadLetterStore;
  /** The same store as another process (the worker beside the API) sees it. */
  openAnotherStore(): Promise<DeadLetterStore>;
  close(): Promise<void>;
}

interface Driver {
  name: string;
  /** Why this driver cannot run here, or null. */
  skipped: string | null;
  /** Starts what the driver needs once per suite; `open` then gives each test an empty store. */
  start(): Promise<{ open(): Promise<Letters>; stop(): Promise<void> }>;
}

const memoryDriver: Driver = {
  name: 'memory',
  skipped: null,
  start: async () => ({
    open: async () => {
      const store = new MemoryDeadLetterStore();
      return { store, openAnotherStore: async () => store, close: async () => undefined };
    },
    stop: async () => undefined,
  }),
};

const mongoDriver = (lane: MongoLane): Driver => ({
  name: lane.name,
  skipped: lane.skipped,
  start: async () => {
    const replicaSet = await lane.start();
    return {
      open: async () => {
        const databaseName = uniqueDatabaseName('dead_letters');
        const connection = await connectToDatabase(replicaSet.url, databaseName);
        await ensureIndexes(connection, new RepositoryRegistry());
        const others: Connection[] = [];
        return {
          store: new MongoDeadLetterStore(connection),
          openAnotherStore: async () => {
            const other = await connectToDatabase(replicaSet.url, databaseName);
            others.push(other);
            return new MongoDeadLetterStore(other);
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

const SUITE = 'Dead-letter store contract';

// The contract.

describe.each([memoryDriver, mongoDriver(wireLane(SUITE)), mongoDriver(fullLane())])(`${SUITE}: $name`, (driver) => {
  const contract = driver.skipped ? it.skip : it;
  let environment: Awaited<ReturnType<Driver['start']>>;
  let letters: Letters;
  let store: DeadLetterStore;
  let clock: number;

  beforeAll(async () => {
    if (!driver.skipped) {
      environment = await driver.start();
    }
  }, 30_000);

  afterAll(async () => {
    await environment?.stop();
  });

  beforeEach(async () => {
    if (environment) {
      letters = await environment.open();
      store = letters.store;
    }
    clock = Date.parse('2030-01-01T00:00:00.000Z');
  });

  afterEach(async () => {
    await letters?.close();
  });

  /** A minute after the last call. */
  const tick = () => new Date((clock += 60_000));

  /** A letter as the worker writes it when `consumer` gives up on a users.user-registered.v1 message. */
  function deadLetter(fields: Partial<DeadLetter> = {}): DeadLetter {
    return {
      id: randomUUID(),
      consumer: 'users.activation-email',
      topic: 'keepem.test.users.events',
      partition: 2,
      offset: '9007199254740993',
      message: integrationMessage({
        source: 'users',
        type: 'users.user-registered.v1',
        sequence: 3,
        occurredAt: '2029-12-31T23:59:59.123Z',
        payload: { user_id: randomUUID(), email: 'ada@example.com', nested: { tags: ['a', 'b'], count: 2 }, missing: null },
      }),
      error: 'SMTP 451: try again later',
      attempts: 5,
      deadAt: tick(),
      replayedAt: null,
      ...fields,
    };
  }

  const newestFirst = { number: 0, size: 50, sort: { field: 'deadAt', direction: 'desc' } } as const;
  const ids = (list: { id: string }[]) => list.map((letter) => letter.id);

  contract('keeps a letter as it was added: the whole message, where it was read from, and why it died', async () => {
    const letter = deadLetter();

    await store.add(letter);

    expect(await store.findById(letter.id)).toEqual(letter);
    expect(await (await letters.openAnotherStore()).findById(letter.id)).toEqual(letter);
  });

  contract('answers an unknown id with null', async () => {
    expect(await store.findById(randomUUID())).toBeNull();
    expect(await store.markReplayed(randomUUID(), tick())).toBeUndefined();
    expect(await store.unmarkReplayed(randomUUID(), tick(), { previous: null })).toBe(false);
  });

  contract('keeps the first letter of a consumer and message: adding it again, under another id, changes nothing', async () => {
    const first = deadLetter();
    const again = deadLetter({ message: first.message, error: 'the second try', attempts: 6, offset: '12' });

    await store.add(first);
    await store.add(again);
    await store.add(first);

    expect(await store.findById(first.id)).toEqual(first);
    expect(await store.findById(again.id)).toBeNull();
    expect((await store.page(newestFirst)).totalElements).toBe(1);
  });

  contract('keeps one letter when two workers add it at the same moment', async () => {
    const letter = deadLetter();
    const other = await letters.openAnotherStore();

    await Promise.all([store.add(letter), other.add({ ...letter, id: randomUUID() }), store.add(letter)]);

    const { items } = await store.page(newestFirst);
    expect(items).toHaveLength(1);
    expect(items[0].message).toEqual(letter.message);
  });

  contract('keeps a letter per consumer when one message dies at two of them', async () => {
    const activation = deadLetter();
    const board = deadLetter({ consumer: 'users.board-notice', message: activation.message });

    await store.add(activation);
    await store.add(board);

    expect(await store.findById(activation.id)).toEqual(activation);
    expect(await store.findById(board.id)).toEqual(board);
  });

  contract('marks a letter replayed, and a replayed letter that dies again takes the new death and is not replayed any more', async () => {
    const letter = deadLetter();
    await store.add(letter);
    const replayedAt = tick();

    expect(await store.markReplayed(letter.id, replayedAt)).toEqual({ previous: null });
    expect(await store.findById(letter.id)).toEqual({ ...letter, replayedAt });

    const againAt = tick();
    const diedAgain = deadLetter({
      message: letter.message,
      error: 'still down',
      attempts: 5,
      offset: '77',
      partition: 0,
      deadAt: againAt,
    });
    await store.add(diedAgain);
    await store.add(diedAgain);

    expect(await store.findById(letter.id)).toEqual({
      ...letter,
      error: 'still down',
      offset: '77',
      partition: 0,
      deadAt: againAt,
      replayedAt: null,
    });
    expect(await store.findById(diedAgain.id)).toBeNull();
    expect((await store.page(newestFirst)).totalElements).toBe(1);
  });

  contract('answers what a mark replaced, and undoes a mark back to it', async () => {
    const letter = deadLetter();
    await store.add(letter);
    const firstAt = tick();
    const secondAt = tick();

    const first = await store.markReplayed(letter.id, firstAt);
    const second = await store.markReplayed(letter.id, secondAt);

    expect([first, second]).toEqual([{ previous: null }, { previous: firstAt }]);
    expect(await store.unmarkReplayed(letter.id, secondAt, second!)).toBe(true);
    expect(await store.findById(letter.id)).toEqual({ ...letter, replayedAt: firstAt });
    expect(await store.unmarkReplayed(letter.id, firstAt, first!)).toBe(true);
    expect(await (await letters.openAnotherStore()).findById(letter.id)).toEqual(letter);
  });

  contract('undoes a mark only while the letter is still replayed at that moment', async () => {
    const letter = deadLetter();
    await store.add(letter);
    const markedAt = tick();
    const mark = (await store.markReplayed(letter.id, markedAt))!;
    const laterAt = tick();
    await store.markReplayed(letter.id, laterAt);

    expect(await store.unmarkReplayed(letter.id, markedAt, mark)).toBe(false);
    expect((await store.findById(letter.id))?.replayedAt).toEqual(laterAt);
  });

  contract('keeps a death that came after a mark when the mark is undone', async () => {
    const letter = deadLetter();
    await store.add(letter);
    const markedAt = tick();
    const mark = (await store.markReplayed(letter.id, markedAt))!;
    const diedAgain = deadLetter({ message: letter.message, error: 'still down', offset: '78' });
    await store.add(diedAgain);

    expect(await store.unmarkReplayed(letter.id, markedAt, mark)).toBe(false);
    expect(await store.findById(letter.id)).toEqual({
      ...letter,
      error: 'still down',
      offset: '78',
      deadAt: diedAgain.deadAt,
      replayedAt: null,
    });
  });

  contract('pages letters newest or oldest first, ties by id in the same direction, without overlap', async () => {
    const oldest = deadLetter();
    const sameTime = [deadLetter(), deadLetter()];
    sameTime[1].deadAt = sameTime[0].deadAt;
    const newest = deadLetter();
    for (const letter of [newest, ...sameTime, oldest]) {
      await store.add(letter);
    }
    const [lowerId, higherId] = ids(sameTime).sort();

    const sorted = async (direction: 'asc' | 'desc', number = 0, size = 10) =>
      store.page({ number, size, sort: { field: 'deadAt', direction } });

    expect(ids((await sorted('desc')).items)).toEqual([newest.id, higherId, lowerId, oldest.id]);
    expect(ids((await sorted('asc')).items)).toEqual([oldest.id, lowerId, higherId, newest.id]);
    const pages = [await sorted('desc', 0, 3), await sorted('desc', 1, 3)];
    expect(pages.map((page) => ids(page.items))).toEqual([[newest.id, higherId, lowerId], [oldest.id]]);
    expect(pages.map((page) => page.totalElements)).toEqual([4, 4]);
    expect(await sorted('desc', 2, 3)).toEqual({ items: [], totalElements: 4 });
  });

  contract('filters by consumer and by whether a letter was replayed, counting only what matches', async () => {
    const activationWaiting = deadLetter();
    const activationReplayed = deadLetter();
    const boardWaiting = deadLetter({ consumer: 'users.board-notice' });
    for (const letter of [activationWaiting, activationReplayed, boardWaiting]) {
      await store.add(letter);
    }
    await store.markReplayed(activationReplayed.id, tick());

    const listed = async (filter: Parameters<DeadLetterStore['page']>[1]) => {
      const page = await store.page(newestFirst, filter);
      return { ids: ids(page.items), total: page.totalElements };
    };

    expect(await listed({})).toEqual({ ids: [boardWaiting.id, activationReplayed.id, activationWaiting.id], total: 3 });
    expect(await listed({ consumer: 'users.activation-email' })).toEqual({ ids: [activationReplayed.id, activationWaiting.id], total: 2 });
    expect(await listed({ replayed: false })).toEqual({ ids: [boardWaiting.id, activationWaiting.id], total: 2 });
    expect(await listed({ replayed: true })).toEqual({ ids: [activationReplayed.id], total: 1 });
    expect(await listed({ consumer: 'users.activation-email', replayed: false })).toEqual({ ids: [activationWaiting.id], total: 1 });
    expect(await listed({ consumer: 'assets.release-emails' })).toEqual({ ids: [], total: 0 });
  });

  contract('hands out copies: changing what it answered changes nothing stored', async () => {
    const letter = deadLetter();
    await store.add(letter);
    letter.message.payload.email = 'changed@example.com';

    const found = (await store.findById(letter.id))!;
    found.message.payload.email = 'changed again';
    found.deadAt.setTime(0);

    expect((await store.findById(letter.id))!.message.payload.email).toBe('ada@example.com');
    expect((await store.findById(letter.id))!.deadAt.getTime()).not.toBe(0);
  });
});
