import { Test, TestingModule } from '@nestjs/testing';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Subscription } from 'rxjs';
import { barrier } from '../../../../../test/support/barrier';
import { fullLane, type MongoLane, wireLane } from '../../../../../test/support/mongo-lanes';
import { connectToDatabase, uniqueDatabaseName } from '../../../../../test/support/mongo-replica-set';
import { eventContract, integrationEvent } from '../../contracts/integration-event';
import { AggregateMetadata, AggregateRoot } from '../../domain/aggregate-root';
import { AggregateState } from '../../domain/aggregate-state';
import { ConcurrencyConflictError, ConflictError } from '../../domain/domain-error';
import { DomainEvent } from '../../domain/domain-event';
import { MessageMetadata } from '../../service_layer/command';
import { LeaseSettings } from '../../service_layer/lease';
import { EffectInProgressError } from '../../service_layer/message-broker.port';
import { OnceEffectRunner } from '../../service_layer/once-effect.runner';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import { OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { publication, PublishedEvents } from '../../service_layer/published-events';
import { MessageAlreadyHandledError, RepositoryToken, Transaction, UnitOfWork } from '../../service_layer/unit-of-work.port';
import { integrationMessage } from '../../testing/integration-message';
import { ManualClock } from '../../testing/manual-clock';
import { MemoryDocumentReader } from '../memory/memory-document-reader';
import { MemoryDocumentStore } from '../memory/memory-document-store';
import { MemoryOutboxStore } from '../memory/memory-outbox.store';
import { MemoryUnitOfWork } from '../memory/memory-unit-of-work';
import { MongoDocumentReader } from '../mongo/mongo-document-reader';
import { ensureIndexes } from '../mongo/mongo-indexes';
import { MongoOutboxStore } from '../mongo/mongo-outbox.store';
import { MongoUnitOfWork } from '../mongo/mongo-unit-of-work';
import { DocumentReader } from '../../service_layer/document-reader.port';
import { DocumentRepository } from './document-repository';
import { MAX_ATTEMPTS } from './document-unit-of-work';
import { RepositoryRegistry } from './repository-registry';
import { StoredDocument } from './stored-document';
import { UniqueConstraintError } from './unique-constraint.error';

// A tiny aggregate of our own, so the contract depends on no real context.

class CounterCreated extends DomainEvent<{ name: string }> {
  constructor(counterId: string, at: Date, name: string) {
    super(counterId, at, { name });
  }
}

class CounterIncremented extends DomainEvent<{ value: number }> {
  constructor(counterId: string, at: Date, value: number) {
    super(counterId, at, { value });
  }
}

/** An event the counters' context keeps to itself: it has no publication. */
class CounterRenamed extends DomainEvent<{ name: string }> {
  constructor(counterId: string, at: Date, name: string) {
    super(counterId, at, { name });
  }
}

const COUNTER_CREATED_V1 = eventContract<{ counter_id: string; name: string }>('counters', 'counter-created', 1);
const COUNTER_INCREMENTED_V1 = eventContract<{ counter_id: string; value: number }>('counters', 'counter-incremented', 1);

function counterPublications(): PublishedEvents {
  const published = new PublishedEvents();
  published.register(
    publication(CounterCreated, (event) =>
      integrationEvent(COUNTER_CREATED_V1, { counter_id: event.aggregateId, name: event.payload.name }),
    ),
    publication(CounterIncremented, (event) =>
      integrationEvent(COUNTER_INCREMENTED_V1, { counter_id: event.aggregateId, value: event.payload.value }),
    ),
  );
  return published;
}

class Counter extends AggregateRoot {
  /** Every event this instance recorded, kept after the unit of work pulled them, to compare with the outbox. */
  readonly history: DomainEvent[] = [];

  private constructor(
    id: string,
    metadata: AggregateMetadata,
    private currentName: string,
    private count: number,
  ) {
    super(id, metadata);
  }

  static create(name: string, at: Date, id: string = randomUUID()): Counter {
    const counter = new Counter(id, { createdAt: at, modifiedAt: at, version: 0, state: 'active' }, name, 0);
    counter.record(new CounterCreated(id, at, name));
    return counter;
  }

  static restore(id: string, metadata: AggregateMetadata, name: string, value: number): Counter {
    return new Counter(id, metadata, name, value);
  }

  get value(): number {
    return this.count;
  }

  get name(): string {
    return this.currentName;
  }

  rename(name: string, at: Date): void {
    this.touch(at);
    this.currentName = name;
    this.record(new CounterRenamed(this.id, at, name));
  }

  increment(at: Date): void {
    this.touch(at);
    this.count += 1;
    this.record(new CounterIncremented(this.id, at, this.count));
  }

  protected override record(event: DomainEvent): void {
    this.history.push(event);
    super.record(event);
  }
}

type CounterDocument = { name: string; value: number; created_at: Date; modified_at: Date; state: AggregateState };

class CounterRepository extends DocumentRepository<Counter, CounterDocument> {
  protected readonly collection = 'counters';

  findByName(name: string): Promise<Counter | null> {
    return this.findOneWhere({ name });
  }

  findByValue(value: number): Promise<Counter[]> {
    return this.findManyWhere({ value });
  }

  protected toDocument(counter: Counter): CounterDocument {
    return {
      name: counter.name,
      value: counter.value,
      ...this.storedMetadata(counter),
    };
  }

  protected fromDocument(document: CounterDocument & StoredDocument): Counter {
    return Counter.restore(document._id, this.restoredMetadata(document), document.name, document.value);
  }
}

const COUNTERS = new RepositoryToken<CounterRepository>('counters');

class CounterNameTakenError extends ConflictError {
  constructor() {
    super('That counter name is taken', [{ field: 'name', message: 'name is taken' }]);
  }
}

function counterRegistry(): RepositoryRegistry {
  const registry = new RepositoryRegistry();
  registry.register(
    COUNTERS,
    { name: 'counters', uniqueIndexes: [{ fields: ['name'], clash: () => new CounterNameTakenError() }] },
    (tx) => new CounterRepository(tx),
  );
  return registry;
}

// The drivers under contract.

interface Persistence {
  unitOfWork: UnitOfWork;
  outbox: OutboxStore;
  reader: DocumentReader;
  close(): Promise<void>;
}

interface Driver {
  name: string;
  /** Why this driver cannot run here, or null. */
  skipped: string | null;
  /** Whether concurrent transactions writing one document conflict (MongoLane). */
  writeConflicts: boolean;
  /** Starts what the driver needs once per suite; `open` then gives each test empty storage. */
  start(): Promise<{ open(registry: RepositoryRegistry, eventBus: EventBus): Promise<Persistence>; stop(): Promise<void> }>;
}

const memoryDriver: Driver = {
  name: 'memory',
  skipped: null,
  writeConflicts: true,
  start: async () => ({
    open: async (registry, eventBus) => {
      const store = new MemoryDocumentStore(registry);
      return {
        unitOfWork: new MemoryUnitOfWork(store, registry, eventBus, new OutboxSignal(), counterPublications()),
        outbox: new MemoryOutboxStore(store),
        reader: new MemoryDocumentReader(store),
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
      open: async (registry, eventBus) => {
        const connection = await connectToDatabase(replicaSet.url, uniqueDatabaseName('uow'));
        await ensureIndexes(connection, registry);
        return {
          unitOfWork: new MongoUnitOfWork(connection, registry, eventBus, new OutboxSignal(), counterPublications()),
          outbox: new MongoOutboxStore(connection),
          reader: new MongoDocumentReader(connection),
          close: () => lane.discard(connection),
        };
      },
      stop: () => replicaSet.stop(),
    };
  },
});

const SUITE = 'UnitOfWork contract';

// The contract.

function metadata(): MessageMetadata {
  return new MessageMetadataFactory({ now: () => new Date() }).forSystem();
}

function uniqueName(): string {
  return `counter-${randomUUID()}`;
}

describe.each([memoryDriver, mongoDriver(wireLane(SUITE)), mongoDriver(fullLane())])(`${SUITE}: $name`, (driver) => {
  const contract = driver.skipped ? it.skip : it;
  /** A test that only a server raising write conflicts between concurrent transactions can pass. */
  const withWriteConflicts = driver.skipped || !driver.writeConflicts ? it.skip : it;
  let environment: Awaited<ReturnType<Driver['start']>>;
  let cqrs: TestingModule;
  let eventBus: EventBus;
  let persistence: Persistence;
  let published: DomainEvent[];
  let subscription: Subscription;

  beforeAll(async () => {
    environment = await driver.start();
    cqrs = await Test.createTestingModule({ imports: [CqrsModule.forRoot()] }).compile();
    await cqrs.init();
    eventBus = cqrs.get(EventBus);
  }, 30_000);

  afterAll(async () => {
    await cqrs?.close();
    await environment?.stop();
  });

  beforeEach(async () => {
    persistence = await environment.open(counterRegistry(), eventBus);
    published = [];
    subscription = eventBus.subscribe((event) => published.push(event as DomainEvent));
  });

  afterEach(async () => {
    subscription.unsubscribe();
    await persistence.close();
  });

  async function createCounter(name = uniqueName()): Promise<string> {
    return persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = Counter.create(name, new Date());
      tx.repository(COUNTERS).save(counter);
      return counter.id;
    });
  }

  /** Every record the outbox would deliver at `at`, in the order it would. */
  async function claimAll(at: Date): Promise<OutboxRecord[]> {
    const claimed: OutboxRecord[] = [];
    for (;;) {
      const claim = { token: randomUUID(), leaseUntil: new Date(at.getTime() + 60_000) };
      const next = await persistence.outbox.claimNext(claim, at);
      if (!next) {
        return claimed;
      }
      claimed.push(next);
      await persistence.outbox.markSent(next.id, claim.token, at);
    }
  }

  function load(id: string): Promise<Counter | null> {
    return persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findById(id));
  }

  /** Two increments that both load the counter before either commits; answers how often their work ran. */
  async function incrementConcurrently(id: string): Promise<number> {
    const bothLoaded = barrier(2);
    let runs = 0;
    const increment = () =>
      persistence.unitOfWork.run(metadata(), async (tx) => {
        runs += 1;
        const counter = await tx.repository(COUNTERS).findById(id);
        await bothLoaded();
        counter!.increment(new Date());
        tx.repository(COUNTERS).save(counter!);
      });
    await Promise.all([increment(), increment()]);
    return runs;
  }

  contract('commits: a later unit of work sees the saved aggregate, with its version', async () => {
    const name = uniqueName();
    const id = await createCounter(name);

    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = await tx.repository(COUNTERS).findByName(name);
      counter!.increment(new Date());
      tx.repository(COUNTERS).save(counter!);
    });

    const stored = await load(id);
    expect(stored).toMatchObject({ id, name, value: 1, version: 2 });
  });

  contract('an error thrown inside work rolls back: nothing stored, no outbox record, nothing published', async () => {
    const id = await createCounter();
    const pendingBefore = await persistence.outbox.countPending();
    published = [];
    let newId = '';

    const failing = persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = await tx.repository(COUNTERS).findById(id);
      counter!.increment(new Date());
      tx.repository(COUNTERS).save(counter!);
      const other = Counter.create(uniqueName(), new Date());
      newId = other.id;
      tx.repository(COUNTERS).save(other);
      throw new Error('work failed');
    });

    await expect(failing).rejects.toThrow('work failed');
    expect(await load(id)).toMatchObject({ value: 0, version: 1 });
    expect(await load(newId)).toBeNull();
    expect(await persistence.outbox.countPending()).toBe(pendingBefore);
    expect(published).toEqual([]);
  });

  contract('a write failing mid-commit undoes the writes made before it', async () => {
    const takenName = uniqueName();
    await createCounter(takenName);
    const id = await createCounter();
    const pendingBefore = await persistence.outbox.countPending();
    published = [];
    let freshId = '';

    const failing = persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = await tx.repository(COUNTERS).findById(id);
      counter!.increment(new Date());
      tx.repository(COUNTERS).save(counter!);
      const fresh = Counter.create(uniqueName(), new Date());
      freshId = fresh.id;
      tx.repository(COUNTERS).save(fresh);
      tx.repository(COUNTERS).save(Counter.create(takenName, new Date()));
    });

    await expect(failing).rejects.toBeInstanceOf(CounterNameTakenError);
    expect(await load(id)).toMatchObject({ value: 0, version: 1 });
    expect(await load(freshId)).toBeNull();
    expect(await persistence.outbox.countPending()).toBe(pendingBefore);
    expect(published).toEqual([]);
  });

  contract('an aggregate whose commit failed keeps its version and events, so the work can be tried again', async () => {
    const takenName = uniqueName();
    await createCounter(takenName);
    const counter = Counter.create(takenName, new Date());

    const failing = persistence.unitOfWork.run(metadata(), async (tx) => tx.repository(COUNTERS).save(counter));

    await expect(failing).rejects.toBeInstanceOf(CounterNameTakenError);
    expect(counter.version).toBe(0);
    expect(counter.pendingEvents.map((event) => event.constructor)).toEqual([CounterCreated]);
  });

  contract('two new aggregates with the same id in one commit are refused, and neither is stored', async () => {
    const id = randomUUID();

    const duplicate = persistence.unitOfWork.run(metadata(), async (tx) => {
      tx.repository(COUNTERS).save(Counter.create(uniqueName(), new Date(), id));
      tx.repository(COUNTERS).save(Counter.create(uniqueName(), new Date(), id));
    });

    await expect(duplicate).rejects.toBeInstanceOf(UniqueConstraintError);
    expect(await load(id)).toBeNull();
  });

  contract('a unique value may move from one aggregate to another within one commit', async () => {
    const [firstName, secondName] = [uniqueName(), uniqueName()];
    const first = await createCounter(firstName);
    const second = await createCounter(secondName);

    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const counters = tx.repository(COUNTERS);
      const [a, b] = [await counters.findById(first), await counters.findById(second)];
      a!.rename(uniqueName(), new Date());
      counters.save(a!);
      b!.rename(firstName, new Date());
      counters.save(b!);
    });

    expect((await load(second))!.name).toBe(firstName);
  });

  contract('the document reader sees what was committed, outside any transaction, and nothing rolled back', async () => {
    const name = uniqueName();
    const id = await createCounter(name);
    let rolledBackId = '';
    await persistence.unitOfWork
      .run(metadata(), async (tx) => {
        const counter = Counter.create(uniqueName(), new Date());
        rolledBackId = counter.id;
        tx.repository(COUNTERS).save(counter);
        throw new Error('work failed');
      })
      .catch(() => undefined);

    expect(await persistence.reader.findById('counters', id, ['name', 'value', 'version'])).toEqual({
      _id: id,
      name,
      value: 0,
      version: 1,
    });
    expect(await persistence.reader.findById('counters', rolledBackId, ['name'])).toBeNull();
  });

  contract('the reader returns the id and the fields asked for, and leaves out the rest', async () => {
    const name = uniqueName();
    const id = await createCounter(name);

    expect(await persistence.reader.findById('counters', id, ['name', 'missing_field'])).toEqual({ _id: id, name });
    expect(await persistence.reader.findById('counters', id, [])).toEqual({ _id: id });
  });

  contract('what the reader returns is a copy: changing it, down to its dates, changes nothing stored', async () => {
    const id = await createCounter();
    const read = (await persistence.reader.findById('counters', id, ['value', 'created_at'])) as { value: number; created_at: Date };
    const createdAt = read.created_at.getTime();

    read.value = 99;
    read.created_at.setTime(0);

    expect(await persistence.reader.findById('counters', id, ['value', 'created_at'])).toMatchObject({
      value: 0,
      created_at: new Date(createdAt),
    });
    expect(await load(id)).toMatchObject({ value: 0, createdAt: new Date(createdAt) });
  });

  contract('finding many answers every committed aggregate that matches, and no other', async () => {
    const [first, moved, second] = [await createCounter(), await createCounter(), await createCounter()];
    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = await tx.repository(COUNTERS).findById(moved);
      counter!.increment(new Date());
      tx.repository(COUNTERS).save(counter!);
    });

    const found = await persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findByValue(0));

    expect(found.map((counter) => counter.id).sort()).toEqual([first, second].sort());
    expect(found.every((counter) => counter.version === 1)).toBe(true);
  });

  contract('the reader pages through what a query picks: equal, one of, starting with, any of', async () => {
    const names = ['ada', 'adam', 'bob', 'carl', 'dora'];
    const ids = new Map<string, string>();
    for (const name of names) {
      ids.set(name, await createCounter(name));
    }
    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const bob = await tx.repository(COUNTERS).findByName('bob');
      bob!.increment(new Date());
      tx.repository(COUNTERS).save(bob!);
    });
    const page = (query: Parameters<DocumentReader['findPage']>[1], number = 0, size = 10) =>
      persistence.reader.findPage('counters', query, ['name'], { number, size, sort: { field: 'name', direction: 'asc' } });
    const namesOf = async (query: Parameters<DocumentReader['findPage']>[1]) => (await page(query)).items.map((item) => item.name);

    expect(await namesOf({})).toEqual(names);
    expect(await namesOf({ where: { value: 1 } })).toEqual(['bob']);
    expect(await namesOf({ where: { name: { in: ['dora', 'ada', 'zed'] } } })).toEqual(['ada', 'dora']);
    expect(await namesOf({ where: { name: { startsWith: 'ad' } } })).toEqual(['ada', 'adam']);
    expect(await namesOf({ where: { name: { startsWith: 'a.' } } })).toEqual([]);
    expect(await namesOf({ where: { value: 0 }, anyOf: [{ name: 'bob' }, { name: { startsWith: 'c' } }, { name: 'dora' }] })).toEqual([
      'carl',
      'dora',
    ]);
    expect(await page({ where: { value: 0 } }, 1, 3)).toEqual({ items: [{ _id: ids.get('dora'), name: 'dora' }], totalElements: 4 });
    expect(await persistence.reader.count('counters', { where: { name: { startsWith: 'ad' } } })).toBe(2);
  });

  contract('a page sorted by a field many documents share never repeats or skips one', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      ids.push(await createCounter());
    }
    const pageOf = (number: number, direction: 'asc' | 'desc') =>
      persistence.reader.findPage('counters', {}, [], { number, size: 2, sort: { field: 'value', direction } });

    for (const direction of ['asc', 'desc'] as const) {
      const seen = [];
      for (let number = 0; number < 3; number += 1) {
        seen.push(...(await pageOf(number, direction)).items.map((item) => item._id));
      }
      expect(seen).toEqual(direction === 'asc' ? [...ids].sort() : [...ids].sort().reverse());
    }
  });

  contract('a second aggregate with an existing id is refused as a unique constraint on _id', async () => {
    const id = await createCounter();

    const duplicate = persistence.unitOfWork.run(metadata(), async (tx) => {
      tx.repository(COUNTERS).save(Counter.create(uniqueName(), new Date(), id));
    });

    const error = await duplicate.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UniqueConstraintError);
    expect(error).toMatchObject({ collection: 'counters', index: '_id_' });
    expect(await load(id)).toMatchObject({ value: 0, version: 1 });
  });

  withWriteConflicts('two units of work that both loaded version N: one commits, the other runs again on fresh data', async () => {
    const id = await createCounter();

    const runs = await incrementConcurrently(id);

    expect(runs).toBe(3);
    expect(await load(id)).toMatchObject({ value: 2, version: 3 });
  });

  contract('saving an aggregate loaded before someone else changed it is refused, not a lost update, after every rerun', async () => {
    const id = await createCounter();
    const stale = (await load(id))!;
    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const current = await tx.repository(COUNTERS).findById(id);
      current!.increment(new Date());
      tx.repository(COUNTERS).save(current!);
    });
    let runs = 0;

    stale.increment(new Date());
    const saveStale = persistence.unitOfWork.run(metadata(), async (tx) => {
      runs += 1;
      tx.repository(COUNTERS).save(stale);
    });

    await expect(saveStale).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect(runs).toBe(MAX_ATTEMPTS);
    expect(await load(id)).toMatchObject({ value: 1, version: 2 });
  });

  withWriteConflicts('a unique value taken by a commit the work did not see is answered as its collection names the clash', async () => {
    const name = uniqueName();
    const bothLooked = barrier(2);
    const claimName = () =>
      persistence.unitOfWork.run(metadata(), async (tx) => {
        const counters = tx.repository(COUNTERS);
        if (await counters.findByName(name)) {
          throw new CounterNameTakenError();
        }
        await bothLooked();
        counters.save(Counter.create(name, new Date()));
      });

    const outcomes = await Promise.allSettled([claimName(), claimName()]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(CounterNameTakenError) });
  });

  contract('each published event becomes exactly one outbox record in the same commit, as its contract says', async () => {
    const at = new Date();
    const meta = metadata();
    const events = await persistence.unitOfWork.run(meta, async (tx) => {
      const counter = Counter.create(uniqueName(), at);
      counter.increment(at);
      counter.increment(at);
      tx.repository(COUNTERS).save(counter);
      return counter.history;
    });

    const records = await claimAll(new Date(at.getTime() + 1_000));
    expect(records).toEqual(
      events.map((event, index) => ({
        id: event.eventId,
        source: 'counters',
        type: index === 0 ? 'counters.counter-created.v1' : 'counters.counter-incremented.v1',
        aggregateId: event.aggregateId,
        sequence: index + 1,
        payload: { counter_id: event.aggregateId, ...event.payload },
        occurredAt: at,
        correlationId: meta.correlationId,
        causationId: meta.commandId,
        attempts: 0,
      })),
    );
  });

  contract('an event without a publication stays inside its context: no outbox record, and no sequence number taken', async () => {
    const id = await createCounter();
    await persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = await tx.repository(COUNTERS).findById(id);
      counter!.rename(uniqueName(), new Date());
      counter!.increment(new Date());
      tx.repository(COUNTERS).save(counter!);
    });

    const records = await claimAll(new Date(Date.now() + 1_000));
    expect(records.filter((record) => record.aggregateId === id).map(({ type, sequence }) => [type, sequence])).toEqual([
      ['counters.counter-created.v1', 1],
      ['counters.counter-incremented.v1', 2],
    ]);
    expect(published.filter((event) => event.aggregateId === id).map((event) => event.constructor)).toEqual([
      CounterCreated,
      CounterRenamed,
      CounterIncremented,
    ]);
  });

  contract('work an integration message caused names that message as the cause of its events, and keeps its correlation', async () => {
    const cause = { id: randomUUID(), correlationId: randomUUID() };
    const meta = new MessageMetadataFactory({ now: () => new Date() }).causedBy(cause);

    const id = await persistence.unitOfWork.run(meta, async (tx) => {
      const counter = Counter.create(uniqueName(), new Date());
      tx.repository(COUNTERS).save(counter);
      return counter.id;
    });

    const [record] = (await claimAll(new Date(Date.now() + 1_000))).filter((candidate) => candidate.aggregateId === id);
    expect(record).toMatchObject({ correlationId: cause.correlationId, causationId: cause.id });
  });

  contract('an aggregate’s events are numbered on from one commit to the next', async () => {
    const id = await createCounter();
    for (let commit = 0; commit < 2; commit += 1) {
      await persistence.unitOfWork.run(metadata(), async (tx) => {
        const counter = await tx.repository(COUNTERS).findById(id);
        counter!.increment(new Date());
        counter!.increment(new Date());
        tx.repository(COUNTERS).save(counter!);
      });
    }

    const records = await claimAll(new Date(Date.now() + 1_000));
    expect(records.map((record) => [record.type, record.sequence])).toEqual([
      ['counters.counter-created.v1', 1],
      ['counters.counter-incremented.v1', 2],
      ['counters.counter-incremented.v1', 3],
      ['counters.counter-incremented.v1', 4],
      ['counters.counter-incremented.v1', 5],
    ]);
  });

  contract('events are published on the EventBus once each, and only after the commit', async () => {
    const visibleWhenPublished: Promise<boolean>[] = [];
    const probe = eventBus.subscribe((event) => {
      if (event instanceof CounterCreated) {
        // What a policy reacting to the event would do first: load what it refers to.
        visibleWhenPublished.push(load(event.aggregateId).then((counter) => counter !== null));
      }
    });

    const id = await persistence.unitOfWork.run(metadata(), async (tx) => {
      const counter = Counter.create(uniqueName(), new Date());
      counter.increment(new Date());
      tx.repository(COUNTERS).save(counter);
      expect(published).toEqual([]);
      return counter.id;
    });
    probe.unsubscribe();

    expect(published.map((event) => [event.constructor.name, event.aggregateId])).toEqual([
      ['CounterCreated', id],
      ['CounterIncremented', id],
    ]);
    expect(await Promise.all(visibleWhenPublished)).toEqual([true]);
  });

  contract('inbox: a completed entry is processed for its consumer in later units of work, and only once committed', async () => {
    const eventId = randomUUID();
    const abandonedEventId = randomUUID();
    const leaseUntil = () => new Date(Date.now() + 60_000);

    await persistence.unitOfWork.run(metadata(), async (tx) => {
      expect(await tx.inbox.claim('mailer', eventId, 'owner', leaseUntil())).toBe('claimed');
      expect(await tx.inbox.complete('mailer', eventId, 'owner')).toBe(true);
    });
    await expect(
      persistence.unitOfWork.run(metadata(), async (tx) => {
        await tx.inbox.claim('mailer', abandonedEventId, 'owner', leaseUntil());
        await tx.inbox.complete('mailer', abandonedEventId, 'owner');
        throw new Error('consumer failed');
      }),
    ).rejects.toThrow('consumer failed');

    const seen = await persistence.unitOfWork.run(metadata(), async (tx) => ({
      processed: await tx.inbox.claim('mailer', eventId, 'next', leaseUntil()),
      otherConsumer: await tx.inbox.claim('notifier', eventId, 'next', leaseUntil()),
      abandoned: await tx.inbox.claim('mailer', abandonedEventId, 'next', leaseUntil()),
    }));
    expect(seen).toEqual({ processed: 'processed', otherConsumer: 'claimed', abandoned: 'claimed' });
  });

  contract('inbox claims: a claim holds off other owners until its lease ends; only its owner renews or releases it', async () => {
    const eventId = randomUUID();
    const at = new Date('2030-01-01T00:00:00.000Z');
    const inboxAt = <Result>(time: number, work: (tx: Transaction) => Promise<Result>) =>
      persistence.unitOfWork.run({ ...metadata(), at: new Date(at.getTime() + time) }, work);
    const until = (time: number) => new Date(at.getTime() + time);

    expect(await inboxAt(0, (tx) => tx.inbox.claim('mailer', eventId, 'first', until(30_000)))).toBe('claimed');
    expect(await inboxAt(1, (tx) => tx.inbox.claim('mailer', eventId, 'second', until(30_001)))).toBe('busy');
    expect(await inboxAt(2, (tx) => tx.inbox.renew('mailer', eventId, 'second', until(60_000)))).toBe(false);
    expect(await inboxAt(3, (tx) => tx.inbox.renew('mailer', eventId, 'first', until(60_000)))).toBe(true);
    expect(await inboxAt(40_000, (tx) => tx.inbox.claim('mailer', eventId, 'second', until(70_000)))).toBe('busy');
    await inboxAt(40_001, (tx) => tx.inbox.release('mailer', eventId, 'second'));
    expect(await inboxAt(40_002, (tx) => tx.inbox.claim('mailer', eventId, 'second', until(70_000)))).toBe('busy');
    await inboxAt(40_003, (tx) => tx.inbox.release('mailer', eventId, 'first'));
    expect(await inboxAt(40_004, (tx) => tx.inbox.claim('mailer', eventId, 'second', until(70_000)))).toBe('claimed');
    // A claim whose owner died runs out, and someone else takes it over.
    expect(await inboxAt(70_000, (tx) => tx.inbox.claim('mailer', eventId, 'third', until(100_000)))).toBe('claimed');
    // The second owner's claim was taken over: its completion counts, but says the effect may have run twice.
    expect(await inboxAt(70_001, (tx) => tx.inbox.complete('mailer', eventId, 'second'))).toBe(false);
    expect(await inboxAt(70_002, (tx) => tx.inbox.claim('mailer', eventId, 'fourth', until(100_000)))).toBe('processed');
    expect(await inboxAt(70_003, (tx) => tx.inbox.claim('notifier', eventId, 'fourth', until(100_000)))).toBe('claimed');
  });

  withWriteConflicts('inbox claims: two owners claiming one entry at once, exactly one gets it', async () => {
    const eventId = randomUUID();
    const bothRead = barrier(2);
    const claimAs = (owner: string) =>
      persistence.unitOfWork.run(metadata(), async (tx) => {
        const outcome = await tx.inbox.claim('mailer', eventId, owner, new Date(Date.now() + 60_000));
        await bothRead();
        return outcome;
      });

    const outcomes = await Promise.all([claimAs('first'), claimAs('second')]);

    expect(outcomes.sort()).toEqual(['busy', 'claimed']);
  });

  describe('work a consumer does for a message (MessageMetadata.handledBy)', () => {
    const deliveryOf = (eventId: string): MessageMetadata => ({ ...metadata(), causationId: eventId, handledBy: 'counters.creator' });
    const createFor = (eventId: string, name: string, meanwhile: () => Promise<void> = async () => undefined) =>
      persistence.unitOfWork.run(deliveryOf(eventId), async (tx) => {
        await meanwhile();
        tx.repository(COUNTERS).save(Counter.create(name, new Date()));
      });

    contract('runs once per message: a redelivery is refused as handled and changes nothing', async () => {
      const eventId = randomUUID();
      const [first, second] = [uniqueName(), uniqueName()];

      await createFor(eventId, first);
      await expect(createFor(eventId, second)).rejects.toBeInstanceOf(MessageAlreadyHandledError);

      expect(await persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findByName(first))).not.toBeNull();
      expect(await persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findByName(second))).toBeNull();
    });

    contract('a failed run records nothing, so the next delivery does the work', async () => {
      const eventId = randomUUID();
      const name = uniqueName();

      await expect(
        createFor(eventId, uniqueName(), async () => {
          throw new Error('the broker hiccupped');
        }),
      ).rejects.toThrow('the broker hiccupped');
      await createFor(eventId, name);

      expect(await persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findByName(name))).not.toBeNull();
    });

    withWriteConflicts('two deliveries of one message at once: exactly one does the work', async () => {
      const eventId = randomUUID();
      const names = [uniqueName(), uniqueName()];
      const bothStarted = barrier(2);

      const outcomes = await Promise.allSettled(names.map((name) => createFor(eventId, name, bothStarted)));

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((outcome) => outcome.status === 'rejected')).toMatchObject({ reason: expect.any(MessageAlreadyHandledError) });
      const stored = await Promise.all(
        names.map((name) => persistence.unitOfWork.run(metadata(), (tx) => tx.repository(COUNTERS).findByName(name))),
      );
      expect(stored.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('an effect outside the database (OnceEffectRunner)', () => {
    const lease: LeaseSettings = { leaseMs: 30_000, renewEveryMs: 2 };
    let clock: ManualClock;
    let runner: OnceEffectRunner;
    const message = () => integrationMessage({ source: 'counters', type: 'counters.counter-created.v1' });

    beforeEach(() => {
      clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
      runner = new OnceEffectRunner(persistence.unitOfWork, clock, lease, new MessageMetadataFactory(clock));
    });

    /** Until the claim on the entry has been renewed past the clock's now (read from the database). */
    async function leaseRenewedPastNow(consumer: string, eventId: string): Promise<void> {
      for (let tries = 0; tries < 400; tries += 1) {
        const entry = await persistence.reader.findById('inbox', `${consumer}:${eventId}`, ['lease_until']);
        if (entry && (entry.lease_until as Date) > clock.now()) {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new Error('the claim was never renewed');
    }

    contract('runs the effect once, and a delivery during it finds the claim taken even after its first lease ran out', async () => {
      const event = message();
      let effects = 0;
      let secondDelivery: Promise<unknown> = Promise.resolve();
      const slowEffect = async () => {
        effects += 1;
        clock.advance(40_000);
        await leaseRenewedPastNow('mailer', event.id);
        secondDelivery = runner.run('mailer', event, async () => void (effects += 1)).catch((error: unknown) => error);
        await secondDelivery;
      };

      await runner.run('mailer', event, slowEffect);

      expect(await secondDelivery).toBeInstanceOf(EffectInProgressError);
      await runner.run('mailer', event, async () => void (effects += 1));
      expect(effects).toBe(1);
    });

    contract('a failed effect gives its claim back, so the next delivery runs it at once', async () => {
      const event = message();
      let attempts = 0;
      const failingOnce = async () => {
        attempts += 1;
        if (attempts === 1) {
          throw new Error('SMTP refused');
        }
      };

      await expect(runner.run('mailer', event, failingOnce)).rejects.toThrow('SMTP refused');
      await runner.run('mailer', event, failingOnce);
      await runner.run('mailer', event, failingOnce);

      expect(attempts).toBe(2);
    });
  });
});
