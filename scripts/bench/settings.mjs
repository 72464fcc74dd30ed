/** The run's settings, read from the BENCH_* environment variables (listed in run.mjs) and checked. */
import { resolve } from 'node:path';
import { DIST_API_ENTRY } from './paths.mjs';

/** Another entry (a variant being evaluated) may stand in for the built API; dist/ is still built. */
const API_ENTRY = process.env.BENCH_API_ENTRY ? resolve(process.env.BENCH_API_ENTRY) : DIST_API_ENTRY;

export function readSettings() {
  const number = (name, fallback) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not ${raw}`);
    return value;
  };
  const seconds = number('BENCH_SECONDS', 16);
  const build = process.env.BENCH_BUILD || 'auto';
  if (!['auto', 'always', 'never'].includes(build)) throw new Error(`BENCH_BUILD must be auto, always or never, not ${build}`);
  const bareJwtKey = process.env.BENCH_BARE_JWT_KEY || 'keyobject';
  if (!['keyobject', 'string'].includes(bareJwtKey)) throw new Error(`BENCH_BARE_JWT_KEY must be keyobject or string, not ${bareJwtKey}`);
  // Many short rounds: a shared machine's speed drifts within seconds, and only rounds shorter than
  // that drift let both sides see the same machine. autocannon stops a run on its once-a-second
  // sample tick, so a round lasts whole seconds: asking for less still measures a full second.
  const rounds = number('BENCH_ROUNDS', 16);
  if (!Number.isInteger(rounds)) throw new Error(`BENCH_ROUNDS must be a whole number, not ${rounds}`);
  if (!Number.isInteger(seconds / rounds)) {
    throw new Error(`BENCH_SECONDS (${seconds}) must be a whole multiple of BENCH_ROUNDS (${rounds}): autocannon measures whole seconds`);
  }
  const scenarios = (process.env.BENCH_SCENARIOS || 'me,profile,register,cipher,relay,files,memory')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const known = ['me', 'profile', 'register', 'cipher', 'relay', 'files', 'memory'];
  const unknown = scenarios.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS knows ${known.join(', ')}, not ${unknown.join(', ')}`);
  const fileRounds = number('BENCH_FILE_ROUNDS', 2);
  if (!Number.isInteger(fileRounds)) throw new Error(`BENCH_FILE_ROUNDS must be a whole number, not ${fileRounds}`);
  const mongodbUrl = process.env.BENCH_MONGODB_URL || null;
  if (mongodbUrl && !/^mongodb(\+srv)?:\/\//.test(mongodbUrl))
    throw new Error(`BENCH_MONGODB_URL must be a mongodb:// URL, not ${mongodbUrl}`);
  // The service's own setting and default, so the polling leg measures what a deployment would see.
  const relayPollIntervalMs = number('OUTBOX_POLL_INTERVAL_MS', 1000);
  const relayMongodbUrl = process.env.BENCH_MONGODB_URL || process.env.MONGODB_URL || null;
  if (relayMongodbUrl && !/^mongodb(\+srv)?:\/\//.test(relayMongodbUrl))
    throw new Error(`BENCH_MONGODB_URL (or MONGODB_URL) must be a mongodb:// URL, not ${relayMongodbUrl}`);
  return {
    seconds,
    rounds,
    registerSeconds: number('BENCH_REGISTER_SECONDS', 20),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 3),
    connections: Math.round(number('BENCH_CONNECTIONS', 64)),
    scenarios,
    logLevel: process.env.BENCH_LOG_LEVEL || 'warn',
    build,
    apiEntry: API_ENTRY,
    apiNodeArgs: (process.env.BENCH_API_NODE_ARGS || '').split(' ').filter(Boolean),
    bareNodeArgs: (process.env.BENCH_BARE_NODE_ARGS || '').split(' ').filter(Boolean),
    bareJwtKey,
    mongodbUrl,
    cipherMiB: Math.round(number('BENCH_CIPHER_MIB', 256)),
    cipherRounds: Math.round(number('BENCH_CIPHER_ROUNDS', 9)),
    relaySamples: Math.round(number('BENCH_RELAY_SAMPLES', 40)),
    relayPollIntervalMs,
    relayMongodbUrl,
    fileMiB: Math.round(number('BENCH_FILE_MB', 256)),
    fileRounds,
    memoryHeapMiB: Math.round(number('BENCH_MEMORY_HEAP_MB', 64)),
    memoryMultiple: number('BENCH_MEMORY_MULTIPLE', 11),
  };
}
