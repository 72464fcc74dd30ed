import { afterAll, afterEach, beforeAll, beforeEach, it } from '@jest/globals';
import { CqrsModule, EventBus } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import type { DocumentReader, Publication, Transaction, UnitOfWork } from '@keepem/shared/service_layer';
import { MessageMetadataFactory, OutboxSignal, PublishedEvents } from '@keepem/shared/service_layer';
import { RepositoryRegistry } from '@keepem/shared/persistence';
import { MemoryDocumentReader } from '../../libs/shared/src/adapters/memory/memory-document-reader';
import { MemoryDocumentStore } from '../../libs/shared/src/adapters/memory/memory-document-store';
import { MemoryUnitOfWork } from '../../libs/shared/src/adapters/memory/memory-unit-of-work';
import { MongoDocumentReader } from '../../libs/shared/src/adapters/mongo/mongo-document-reader';
import { ensureIndexes } from '../../libs/shared/src/adapters/mongo/mongo-indexes';
import { MongoUnitOfWork } from '../../libs/shared/src/adapters/mongo/mongo-unit-of-work';
import { fullLane, type MongoLane, wireLane } from './mongo-lanes';
import { connectToDatabase, uniqueDatabaseName } from './mongo-replica-set';

/** A context's write and read side on one driver, on storage of its own. */
export interface DriverPersistence {
  unitOfWork: UnitOfWork;
  reader: DocumentReader;
  close(): Promise<void>;
}

/**
 * One persistence driver a context's contract suite runs its repositories and views on: the
 * embedded memory store, or MongoDB on one of its lanes (mongo-lanes.ts).
 */
export interface PersistenceDriver {
  name: string;
  /** Why it cannot run here (printed once, visibly), or null. */
  skipped: string | null;
  /** Whether concurrent transactions writing one document conflict (MongoLane.writeConflicts). */
  writeConflicts: boolean;
  /** Starts what the driver needs once per suite; `open` then gives each test empty storage. */
  start(): Promise<{
    open(register: (registry: RepositoryRegistry) => void, publications?: readonly Publication[]): Promise<DriverPersistence>;
    stop(): Promise<void>;
  }>;
}

async function eventBus(): Promise<{ bus: EventBus; module: TestingModule }> {
  const module = await Test.createTestingModule({ imports: [CqrsModule.forRoot()] }).compile();
  await module.init();
  return { bus: module.get(EventBus), module };
}

function registryOf(register: (registry: RepositoryRegistry) => void, publications: readonly Publication[]) {
  const registry = new RepositoryRegistry();
  register(registry);
  const published = new PublishedEvents();
  published.register(...publications);
  return { registry, published };
}

export const memoryDriver: PersistenceDriver = {
  name: 'memory',
  skipped: null,
  writeConflicts: true,
  start: async () => {
    const { bus, module } = await eventBus();
    return {
      open: async (register, publications = []) => {
        const { registry, published } = registryOf(register, publications);
        const store = new MemoryDocumentStore(registry);
        return {
          unitOfWork: new MemoryUnitOfWork(store, registry, bus, new OutboxSignal(), published),
          reader: new MemoryDocumentReader(store),
          close: async () => undefined,
        };
      },
      stop: () => module.close(),
    };
  },
};

export function mongoDriver(lane: MongoLane): PersistenceDriver {
  return {
    name: lane.name,
    skipped: lane.skipped,
    writeConflicts: lane.writeConflicts,
    start: async () => {
      const { bus, module } = await eventBus();
      const replicaSet = await lane.start();
      return {
        open: async (register, publications = []) => {
          const { registry, published } = registryOf(register, publications);
          const connection = await connectToDatabase(replicaSet.url, uniqueDatabaseName('contract'));
          await ensureIndexes(connection, registry);
          return {
            unitOfWork: new MongoUnitOfWork(connection, registry, bus, new OutboxSignal(), published),
            reader: new MongoDocumentReader(connection),
            close: () => lane.discard(connection),
          };
        },
        stop: async () => {
          await module.close();
          await replicaSet.stop();
        },
      };
    },
  };
}

/** Every driver a contract suite runs on: memory, the MongoDB wire lane and the full lane (each skipped visibly where it cannot run). */
export function persistenceDrivers(suite: string): PersistenceDriver[] {
  return [memoryDriver, mongoDriver(wireLane(suite)), mongoDriver(fullLane())];
}

/** What a contract suite's tests use on the driver it runs on, fresh storage for each test. */
export interface ContractRun {
  /** `it` where the driver runs, `it.skip` where it cannot. */
  contract: typeof it | typeof it.skip;
  /** `it` only where concurrent transactions writing one document conflict (MongoLane.writeConflicts). */
  withWriteConflicts: typeof it | typeof it.skip;
  /** The current test's storage. */
  persistence(): DriverPersistence;
  /** A minute after the last call, from 2030-01-01 in each test, so creation order is the clock's. */
  tick(): Date;
  /** The time the last `tick` gave. */
  now(): Date;
  /** One unit of work on the current test's storage. */
  run<Result>(work: (tx: Transaction) => Promise<Result>): Promise<Result>;
}

/** Starts `driver` around a suite and opens storage, with `register`'s collections, around each of its tests. */
export function contractOn(driver: PersistenceDriver, register: (registry: RepositoryRegistry) => void): ContractRun {
  let environment: Awaited<ReturnType<PersistenceDriver['start']>> | undefined;
  let persistence: DriverPersistence | undefined;
  let clock = 0;
  beforeAll(async () => {
    if (!driver.skipped) {
      environment = await driver.start();
    }
  }, 30_000);
  afterAll(() => environment?.stop());
  beforeEach(async () => {
    if (environment) {
      persistence = await environment.open(register);
      clock = Date.parse('2030-01-01T00:00:00Z');
    }
  });
  afterEach(() => persistence?.close());
  const current = () => {
    if (!persistence) {
      throw new Error(`${driver.name} is not open`);
    }
    return persistence;
  };
  return {
    contract: driver.skipped ? it.skip : it,
    withWriteConflicts: driver.skipped || !driver.writeConflicts ? it.skip : it,
    persistence: current,
    tick: () => new Date((clock += 60_000)),
    now: () => new Date(clock),
    run: (work) => current().unitOfWork.run(new MessageMetadataFactory({ now: () => new Date() }).forSystem(), work),
  };
}
