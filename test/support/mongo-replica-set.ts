import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { MongoMemoryReplSet } from 'mongodb-memory-server-core';
import mongoose, { type Connection } from 'mongoose';

export interface MongoReplicaSet {
  url: string;
  stop(): Promise<void>;
}

export interface MongoUnavailable {
  skipped: string;
}

/** Past this, a download or a launch is taken as impossible here, so an offline run stays quick. */
const GIVE_UP_AFTER_MS = 18_000;
const REPLICA_SET_OPTIONS = {
  replSet: { count: 1, storageEngine: 'wiredTiger' as const },
  instanceOpts: [{ launchTimeout: 10_000 }],
};

/**
 * MONGODB_URL when set (it must name a replica set: the unit of work needs transactions), else a
 * throw-away single-node replica set from mongodb-memory-server, else why neither could be had.
 */
export async function resolveMongoReplicaSet(): Promise<MongoReplicaSet | MongoUnavailable> {
  const url = process.env.MONGODB_URL;
  if (url) {
    return { url, stop: async () => undefined };
  }
  // Built rather than `create`d so that a start given up on can still be stopped.
  const replicaSet = new MongoMemoryReplSet(REPLICA_SET_OPTIONS);
  try {
    await withDeadline(replicaSet.start(), GIVE_UP_AFTER_MS);
    return {
      url: replicaSet.getUri(),
      stop: async () => {
        await replicaSet.stop();
      },
    };
  } catch (error) {
    await replicaSet.stop().catch(() => undefined);
    return unavailable(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The same question, answered synchronously: jest registers tests synchronously and cannot skip a
 * test once it runs, and these files cannot await at top level (tsc compiles them as CommonJS).
 * A child process makes the attempt; one that succeeds leaves the binary in the download cache,
 * so the resolveMongoReplicaSet that follows starts quickly. Null means MongoDB is available.
 */
export function probeMongoReplicaSet(): MongoUnavailable | null {
  if (process.env.MONGODB_URL) {
    return null;
  }
  const attempt = [
    "import { MongoMemoryReplSet } from 'mongodb-memory-server-core';",
    `const replicaSet = new MongoMemoryReplSet(${JSON.stringify(REPLICA_SET_OPTIONS)});`,
    'try { await replicaSet.start(); }',
    "catch (error) { process.stdout.write('FAILED ' + String(error?.message ?? error).replace(/\\s+/g, ' ')); process.exitCode = 1; }",
    'finally { await replicaSet.stop().catch(() => undefined); }',
  ].join('\n');
  const probe = spawnSync(process.execPath, ['--input-type=module', '--eval', attempt], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: GIVE_UP_AFTER_MS,
    // One retry survives a dropped connection; the default three only make an offline run wait.
    env: { ...process.env, MONGOMS_MAX_RETRIES: process.env.MONGOMS_MAX_RETRIES ?? '1' },
  });
  if (probe.status === 0) {
    return null;
  }
  const reason =
    /FAILED (.*)/.exec(probe.stdout)?.[1] ??
    (probe.error ? `gave up after ${GIVE_UP_AFTER_MS / 1000} s` : probe.stderr.trim().split('\n')[0]);
  return unavailable(reason);
}

/** Every test database gets its own name, so suites and reruns never see each other's data. */
export function uniqueDatabaseName(purpose: string): string {
  return `keepem_test_${purpose}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function connectToDatabase(url: string, databaseName: string): Promise<Connection> {
  return mongoose.createConnection(url, { dbName: databaseName }).asPromise();
}

function unavailable(reason: string): MongoUnavailable {
  return { skipped: `skipped: MongoDB full lane of the contract suites (no MONGODB_URL, and no mongod binary could be had: ${reason})` };
}

function withDeadline<Value>(work: Promise<Value>, milliseconds: number): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up after ${milliseconds / 1000} s`)), milliseconds);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * For a contract suite's MongoDB driver: why it is skipped (printed once, visibly), or null. Runs
 * while the suite file loads, because Jest cannot skip a test once it has started.
 */
export function mongoSkipReason(): string | null {
  const skipped = probeMongoReplicaSet()?.skipped ?? null;
  if (skipped) {
    console.warn(skipped);
  }
  return skipped;
}

/** Starts the replica set the probe found; a start failing after a good probe is an error, not a skip. */
export async function startProbedReplicaSet(): Promise<MongoReplicaSet> {
  const resolved = await resolveMongoReplicaSet();
  if ('skipped' in resolved) {
    throw new Error(`The probe found MongoDB, but it did not start: ${resolved.skipped}`);
  }
  return resolved;
}
