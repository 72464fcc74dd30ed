/**
 * The two servers under test as child processes: the API (dist/, or BENCH_API_ENTRY) and the bare
 * server. Starting them on free ports, seeding the bare one, waiting for them, stopping them.
 */
import { fork, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ROOT } from './paths.mjs';

const BARE_SERVER_ENTRY = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
/** Fixed so a run is reproducible; never used outside this benchmark. */
const JWT_SECRET = 'keepem-benchmark-only-jwt-secret-0123456789abcdef';
const DATA_KEY = Buffer.alloc(32, 7).toString('base64');
/** Filled when a server exits while the run still needs it; checked after every autocannon run. */
export const serverDeaths = [];

export async function startApi({ entry, tempDir, mailDir, logLevel, nodeArgs, mongodbUrl, extraEnv = {} }) {
  const port = await freePort();
  const logFile = join(tempDir, 'api.log');
  const out = openSync(logFile, 'a');
  // A clean environment, so a developer's MONGODB_URL, SMTP server or admin seed does not leak in;
  // the working directory is the temp dir, so no .env.<ENVIRONMENT> file is read either.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? tempDir,
    NODE_ENV: 'production',
    ENVIRONMENT: 'prod',
    PORT: String(port),
    PUBLIC_API_URL: `http://127.0.0.1:${port}`,
    JWT_SECRET_KEY: JWT_SECRET,
    DATA_KEY_ENCRYPTION_KEY: DATA_KEY,
    // The working directory is the temp dir: the project's forms, by a path that does not depend on it.
    FEEDBACK_FORMS_FILE: join(ROOT, 'config', 'feedback-forms.json'),
    MAIL_DIR: mailDir,
    LOG_LEVEL: logLevel,
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '1000000',
    LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: '1000000',
    SIGNUP_LIMIT_PER_IP_PER_HOUR: '1000000',
    // Every connection may wait for a hash, as on the bare server, which queues without bound.
    PASSWORD_HASH_QUEUE_LIMIT: '1000',
    // Only when asked for: the benchmark's figures are the embedded default's.
    ...(mongodbUrl ? { MONGODB_URL: mongodbUrl } : {}),
    // Files go to the default STORAGE_DIR, ./var/storage under the temporary working directory.
    ...extraEnv,
  };
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: tempDir, env, stdio: ['ignore', out, out] });
  closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const apiLog = () => tail(logFile, 40);
  try {
    await waitFor(async () => (await fetch(`${url}/health`)).status === 200, {
      child,
      what: 'the API to answer /health',
      timeoutMs: 60_000,
    });
  } catch (error) {
    error.details = apiLog();
    throw error;
  }
  return { child, url, apiLog };
}

export async function startBare(settings) {
  const child = fork(BARE_SERVER_ENTRY, [], {
    env: { PATH: process.env.PATH, NODE_ENV: 'production', BENCH_JWT_SECRET: JWT_SECRET, BENCH_BARE_JWT_KEY: settings.bareJwtKey },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Not the parent's flags: the bare server runs with exactly what is asked for it, like the API.
    execArgv: settings.bareNodeArgs,
  });
  const port = await nextMessage(child, 'listening', 30_000).then((message) => message.port);
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function seedBare(bare, profile) {
  const seeded = nextMessage(bare.child, 'seeded', 10_000);
  const { _links, ...fields } = profile;
  bare.child.send({ type: 'seed', profile: fields });
  await seeded;
}

function nextMessage(child, type, timeoutMs) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => finish(new Error(`no '${type}' message from the bare server within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message) => message?.type === type && finish(null, message);
    const onExit = (code) => finish(new Error(`the bare server exited (code ${code}) before '${type}'`));
    function finish(error, message) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolvePromise(message);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePromise(port));
    });
  });
}

export async function waitFor(probe, { child, what, timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode}) while waiting for ${what}`);
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function tail(file, lines) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
