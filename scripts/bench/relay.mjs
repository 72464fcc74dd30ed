/**
 * The `relay` scenario: how long an outbox record waits between its commit and its publication to
 * the broker, by what wakes the relay (docs/messaging-processes.md), taken from the build in dist/:
 *
 *   signal         the committing unit of work wakes a relay in its own process (OutboxSignal): the
 *                  floor on that store, and the baseline every other leg on it is compared with
 *   polling        nothing wakes the relay: it finds the record at its next poll, every
 *                  OUTBOX_POLL_INTERVAL_MS (default 1000, the service's default)
 *   change stream  the relay's MongoDB watcher (mongoOutboxWatcher) sees the insert on the outbox
 *                  collection's change stream: the worker relaying what the API committed
 *
 * On the embedded store (memory) the signal leg runs; on the jongodb test server (the wire lane's,
 * when installed) the signal and polling legs run: it has no change streams, and its watcher would
 * fall back to exactly that polling; on the replica set of BENCH_MONGODB_URL (else MONGODB_URL) all
 * three run. A leg that cannot run prints a `skipped:` line saying why.
 *
 * Everything runs in this process. The record is committed over one connection (the "API") and
 * relayed over another (the "worker"), whose signal the committing side cannot reach except in the
 * signal leg. One sample: wait a random time (up to the poll interval in the polling leg, so that
 * commits fall anywhere in the poll cycle; up to 100 ms otherwise), commit one record, take the time
 * the commit returned, take the time the broker is handed the record, wait until it is marked sent.
 * Each leg starts with warm-up samples that are not counted.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { log } from './log.mjs';
import { ROOT } from './paths.mjs';
import { round } from './round.mjs';

const require = createRequire(import.meta.url);
const SHARED = join(ROOT, 'dist', 'libs', 'shared', 'src');
const JONGODB = join(ROOT, 'node_modules', '@jongodb', 'memory-server-bin-linux-x64-gnu', 'bin', 'jongodb');
const WARM_UP_SAMPLES = 5;
const WAKE_GAP_MS = 100;
const WATCHING = 'The outbox relay wakes on the outbox collection’s change stream';
const SAMPLE_TIMEOUT_MS = 30_000;

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function load() {
  require('reflect-metadata');
  const shared = (path) => require(join(SHARED, path));
  return {
    mongoose: require('mongoose'),
    Logger: require('@nestjs/common').Logger,
    OutboxRelay: shared('service_layer/outbox-relay.js').OutboxRelay,
    OutboxSignal: shared('service_layer/outbox-signal.js').OutboxSignal,
    RepositoryRegistry: shared('adapters/persistence/repository-registry.js').RepositoryRegistry,
    MemoryDocumentStore: shared('adapters/memory/memory-document-store.js').MemoryDocumentStore,
    MemoryDocumentSession: shared('adapters/memory/memory-document-session.js').MemoryDocumentSession,
    MemoryOutboxStore: shared('adapters/memory/memory-outbox.store.js').MemoryOutboxStore,
    MemoryOutboxWatcher: shared('adapters/memory/memory-outbox.watcher.js').MemoryOutboxWatcher,
    MongoDocumentSession: shared('adapters/mongo/mongo-document-session.js').MongoDocumentSession,
    MongoOutboxStore: shared('adapters/mongo/mongo-outbox.store.js').MongoOutboxStore,
    ensureIndexes: shared('adapters/mongo/mongo-indexes.js').ensureIndexes,
    mongoOutboxWatcher: shared('adapters/mongo/mongo-outbox.watcher.js').mongoOutboxWatcher,
  };
}

/** Hands each message on at once and keeps when it came: the relay's "publish". */
class TimingBroker {
  constructor() {
    this.waiting = new Map();
  }

  /** Resolves with the time the record reaches the broker. */
  published(id) {
    return new Promise((resolve) => this.waiting.set(id, resolve));
  }

  async publish(message) {
    const at = performance.now();
    this.waiting.get(message.id)?.(at);
    this.waiting.delete(message.id);
  }

  subscribe() {}

  async isHealthy() {
    return true;
  }
}

/** The store with a way to wait until a record is marked sent, so samples never overlap. */
function observed(store) {
  const sent = new Map();
  const markSent = store.markSent.bind(store);
  store.markSent = async (id, token, at) => {
    const marked = await markSent(id, token, at);
    sent.get(id)?.();
    sent.delete(id);
    return marked;
  };
  store.sent = (id) => new Promise((resolve) => sent.set(id, resolve));
  return store;
}

function record() {
  return {
    id: randomUUID(),
    source: 'bench',
    type: 'bench.record-committed.v1',
    aggregateId: randomUUID(),
    sequence: 1,
    payload: { at: Date.now() },
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    attempts: 0,
  };
}

function relayOptions(pollIntervalMs) {
  return {
    pollIntervalMs,
    leaseMs: 30_000,
    renewEveryMs: 7_500,
    retryBaseMs: 1_000,
    maxRetryDelayMs: 60_000,
    maxAttempts: 10,
    retentionMs: 7 * 24 * 60 * 60_000,
    purgeEveryMs: 60 * 60_000,
  };
}

const clock = { now: () => new Date() };

/**
 * One leg: a relay over `store` woken by `watcher`, records committed by `commit`; answers the
 * commit-to-publish latencies in milliseconds.
 */
async function runLeg(m, { name, store, watcher, ready, commit, pollIntervalMs, gapMs, samples }) {
  const broker = new TimingBroker();
  const watched = observed(store);
  const relay = new m.OutboxRelay(watched, broker, clock, relayOptions(pollIntervalMs), watcher);
  relay.start();
  const latencies = [];
  try {
    await ready?.();
    for (let index = 0; index < WARM_UP_SAMPLES + samples; index++) {
      await sleep(Math.random() * gapMs);
      const committed = record();
      const published = broker.published(committed.id);
      const sent = watched.sent(committed.id);
      await commit(committed);
      const committedAt = performance.now();
      const publishedAt = await withTimeout(published, `${name}: record ${index + 1} was not published`);
      await withTimeout(sent, `${name}: record ${index + 1} was not marked sent`);
      if (index >= WARM_UP_SAMPLES) latencies.push(publishedAt - committedAt);
    }
  } finally {
    await relay.stop();
  }
  return latencies;
}

async function withTimeout(promise, message) {
  let timer;
  const deadline = new Promise(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`${message} within ${SAMPLE_TIMEOUT_MS} ms`)), SAMPLE_TIMEOUT_MS)),
  );
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function summarise(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (fraction) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
  return {
    samples: sorted.length,
    p50Ms: round(at(0.5), 2),
    p90Ms: round(at(0.9), 2),
    p99Ms: round(at(0.99), 2),
    maxMs: round(sorted[sorted.length - 1], 2),
    meanMs: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length, 2),
  };
}

/** The embedded store: what one process on the default settings does. */
async function memoryLegs(m, settings) {
  const database = new m.MemoryDocumentStore(new m.RepositoryRegistry());
  const signal = new m.OutboxSignal();
  const commit = async (committed) => {
    const session = new m.MemoryDocumentSession(database);
    await session.appendToOutbox(committed);
    session.commit();
    // As DocumentUnitOfWork does once the commit is done.
    signal.committed();
  };
  const latencies = await runLeg(m, {
    name: 'memory signal',
    store: new m.MemoryOutboxStore(database),
    watcher: new m.MemoryOutboxWatcher(signal),
    commit,
    pollIntervalMs: settings.pollIntervalMs,
    gapMs: WAKE_GAP_MS,
    samples: settings.samples,
  });
  return { signal: summarise(latencies) };
}

/** The legs on one MongoDB server; `changeStream` says whether it can have one. */
async function mongoLegs(m, settings, url, { changeStream, lines, skipped }) {
  const database = `keepem_bench_relay_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const api = await m.mongoose.createConnection(url, { dbName: database }).asPromise();
  const worker = await m.mongoose.createConnection(url, { dbName: database }).asPromise();
  try {
    await m.ensureIndexes(worker, new m.RepositoryRegistry());
    const apiSignal = new m.OutboxSignal();
    const commit = async (committed) => {
      await api.transaction((session) => new m.MongoDocumentSession(api, session).appendToOutbox(committed), {
        readConcern: { level: 'snapshot' },
        writeConcern: { w: 'majority' },
      });
      apiSignal.committed();
    };
    const leg = (name, watcher, gapMs, ready) =>
      runLeg(m, {
        name,
        store: new m.MongoOutboxStore(worker),
        watcher,
        ready,
        commit,
        pollIntervalMs: settings.pollIntervalMs,
        gapMs,
        samples: settings.samples,
      }).then(summarise);
    const legs = {};
    log(`relay: ${changeStream ? 'replica set' : 'jongodb'}, signal (baseline)`);
    legs.signal = await leg('signal', new m.MemoryOutboxWatcher(apiSignal), WAKE_GAP_MS);
    if (changeStream) {
      log('relay: replica set, change stream');
      const watcher = m.mongoOutboxWatcher(worker, new m.OutboxSignal(), settings.pollIntervalMs);
      try {
        legs.changeStream = await leg('change stream', watcher, WAKE_GAP_MS, () => streamOpen(lines));
      } catch (error) {
        if (!(error instanceof ChangeStreamUnavailable)) throw error;
        skipped.push(`skipped: relay change-stream leg (the watcher says: ${error.message})`);
      }
    }
    log(`relay: ${changeStream ? 'replica set' : 'jongodb'}, polling every ${settings.pollIntervalMs} ms`);
    legs.polling = await leg('polling', new m.MemoryOutboxWatcher(new m.OutboxSignal()), settings.pollIntervalMs);
    return legs;
  } finally {
    await worker.dropDatabase().catch(() => undefined);
    await Promise.all([api.close(), worker.close()]);
  }
}

class ChangeStreamUnavailable extends Error {}

/**
 * Resolves once the watcher's stream is open (its log line says so): a record committed before that
 * would wait for a poll and measure the start-up instead. Rejects with the watcher's own words when
 * the stream cannot open.
 */
async function streamOpen(lines) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const failed = lines.find(
      (line) => line.startsWith('Change streams are unavailable') || line.startsWith('The outbox change stream failed'),
    );
    if (failed) throw new ChangeStreamUnavailable(failed);
    if (lines.includes(WATCHING)) return;
    if (Date.now() > deadline) throw new Error('the outbox change stream did not open within 10 s');
    await sleep(10);
  }
}

/** Starts the wire lane's server, as test/support/jongodb-server.ts does; null when it is not installed here. */
async function startJongodb() {
  if (process.platform !== 'linux' || process.arch !== 'x64' || !existsSync(JONGODB)) return null;
  const child = spawn(JONGODB, ['--host=127.0.0.1', '--port=0', '--topology-profile=singleNodeReplicaSet', '--replica-set-name=rs0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const uri = await new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`jongodb announced no URI within 15 s: ${output}`)), 15_000);
    const read = (chunk) => {
      output += chunk.toString();
      const found = /JONGODB_URI=(\S+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`jongodb exited with ${code}: ${output}`)));
  });
  const url = new URL(uri);
  url.searchParams.set('serverMonitoringMode', 'poll');
  return {
    url: url.toString(),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

/** Whether the server at `url` is a replica set member (change streams need one); the reason when not. */
async function replicaSetOf(m, url) {
  const connection = await m.mongoose.createConnection(url, { serverSelectionTimeoutMS: 5_000 }).asPromise();
  try {
    const hello = await connection.db.admin().command({ hello: 1 });
    return hello.setName ? { setName: hello.setName } : { reason: 'the server is no replica set member (hello has no setName)' };
  } finally {
    await connection.close();
  }
}

export async function measureRelay(settings) {
  const m = load();
  // Nest's logger, kept rather than printed: the watcher says there when its stream is open.
  const lines = [];
  const keep = (message) => void lines.push(String(message));
  m.Logger.overrideLogger({ log: keep, warn: keep, error: keep, debug: () => undefined, verbose: () => undefined });
  const skipped = [];
  const servers = {};
  log(`relay: memory, signal (${settings.relaySamples} samples per leg after ${WARM_UP_SAMPLES} warm-up ones)`);
  const legSettings = { samples: settings.relaySamples, pollIntervalMs: settings.relayPollIntervalMs };
  servers.memory = await memoryLegs(m, legSettings);

  const jongodb = await startJongodb();
  if (jongodb) {
    try {
      servers.jongodb = await mongoLegs(m, legSettings, jongodb.url, { changeStream: false, lines, skipped });
    } finally {
      await jongodb.stop();
    }
  } else {
    skipped.push(`skipped: relay legs on jongodb (${JONGODB} is not installed here)`);
  }

  const replicaSetUrl = settings.relayMongodbUrl;
  if (!replicaSetUrl) {
    skipped.push(
      'skipped: relay change-stream leg (no BENCH_MONGODB_URL or MONGODB_URL naming a replica set; the jongodb server has no change streams)',
    );
  } else {
    const replicaSet = await replicaSetOf(m, replicaSetUrl);
    if (replicaSet.reason) {
      skipped.push(`skipped: relay change-stream leg (${replicaSet.reason})`);
    } else {
      servers.replicaSet = await mongoLegs(m, legSettings, replicaSetUrl, { changeStream: true, lines, skipped });
    }
  }
  m.Logger.overrideLogger(false);
  return {
    samplesPerLeg: settings.relaySamples,
    warmUpSamples: WARM_UP_SAMPLES,
    pollIntervalMs: settings.relayPollIntervalMs,
    loadAverage1m5m15m: os.loadavg().map((value) => round(value, 2)),
    servers,
    skipped,
  };
}

export function printRelaySummary(relay) {
  console.log(
    `Outbox relay, commit to publish, ${relay.samplesPerLeg} samples per leg, OUTBOX_POLL_INTERVAL_MS=${relay.pollIntervalMs}, ` +
      `load average at the end ${relay.loadAverage1m5m15m.join(' ')}:`,
  );
  console.log('');
  const header = ['store', 'wake', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms', 'p50 - signal p50'];
  const labels = { signal: 'signal (baseline)', changeStream: 'change stream', polling: 'polling' };
  const stores = { memory: 'memory (embedded)', jongodb: 'jongodb (wire lane)', replicaSet: 'replica set' };
  const rows = [];
  for (const [server, legs] of Object.entries(relay.servers)) {
    for (const [leg, figures] of Object.entries(legs)) {
      rows.push([
        stores[server],
        labels[leg],
        figures.p50Ms.toFixed(2),
        figures.p90Ms.toFixed(2),
        figures.p99Ms.toFixed(2),
        figures.maxMs.toFixed(2),
        figures.meanMs.toFixed(2),
        leg === 'signal' ? '' : `+${(figures.p50Ms - legs.signal.p50Ms).toFixed(2)}`,
      ]);
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row) => console.log(line(row)));
  relay.skipped.forEach((skip) => console.log(skip));
  console.log('');
}
