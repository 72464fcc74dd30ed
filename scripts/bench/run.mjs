#!/usr/bin/env node
/**
 * `npm run bench`: the API against a bare Fastify server doing the same work, in the same run; and the
 * file cipher's chunk format against plain streams and single-shot AES-256-GCM (cipher.mjs).
 *
 *   GET   /api/v1/me     verify the access token (HS384, same secret), find the user, answer the HAL body
 *   PATCH /api/v1/me     verify the access token, check and trim the public name, store it, 202 + Location
 *                        (the API: CommandBus, handler, unit of work with its version check, outbox record)
 *   POST  /api/v1/users  argon2id-hash the password, check username and e-mail are free, store, 201 + Location
 *   files                PUT then GET /api/v1/assets/{id}/file of a 256 MiB file (encrypted into local storage,
 *                        decrypted back), beside a bare Node `http` server streaming the same bytes to and from
 *                        disk (bare-file-server.mjs): MB/s both ways and the server's peak RSS, as ratios
 *   memory               an API of its own with a 64 MiB heap takes an 11 times larger file and gives it back
 *   relay                an outbox record's wait from commit to publish, by what wakes the relay: the committing
 *                        process's signal (baseline), polling, a MongoDB change stream (relay.mjs)
 *
 * The API runs from dist/ in a child process (embedded default: in-memory persistence, log mailer into
 * a temporary MAIL_DIR); the bare server (bare-server.mjs) runs in another child process; autocannon
 * runs here, in the parent. Each side gets a warm-up, then measured runs (GET /me in rounds taken in
 * ABBA order, so drifting background load hits both sides alike), and both servers are left to go
 * quiet (no CPU use) before each run starts, so one side's leftover work (queued argon2 hashes,
 * outbox mail) never lands in the other side's measurement.
 *
 * It prints a table and writes the raw numbers to var/bench/latest.json. It exits non-zero only when
 * something broke (build, start-up, the sign-up flow, a non-expected status or a connection error),
 * never because a ratio is below its target: a benchmark reports, it does not assert.
 *
 * Settings (environment):
 *   BENCH_SECONDS            measured seconds per side for GET /me and PATCH /me (default 16)
 *   BENCH_ROUNDS             GET and PATCH /me measured in this many rounds per side, ABBA order (default 16; BENCH_SECONDS
 *                            must be a whole multiple of it: autocannon measures whole seconds; see docs)
 *   BENCH_REGISTER_SECONDS   measured seconds per side for POST /users (default 20; see docs)
 *   BENCH_WARMUP_SECONDS     warm-up seconds before each measured run (default 3)
 *   BENCH_CONNECTIONS        concurrent connections (default 64)
 *   BENCH_SCENARIOS          comma list of scenarios to run: me,profile,register,cipher,relay,files,memory (default all
 *                            seven; cipher and relay start no server)
 *   BENCH_CIPHER_MIB         size of the file the cipher scenario streams through memory, in MiB (default 256)
 *   BENCH_CIPHER_ROUNDS      rounds of each cipher variant, in alternating order (default 9)
 *   BENCH_FILE_MB            size of the file of the files scenario, in MiB (default 256)
 *   BENCH_FILE_ROUNDS        uploads and downloads per side, ABBA order (default 2)
 *   BENCH_MEMORY_HEAP_MB     --max-old-space-size of the memory scenario's API (default 64)
 *   BENCH_MEMORY_MULTIPLE    its file is this many times that heap (default 11)
 *   BENCH_LOG_LEVEL          LOG_LEVEL given to the API (default warn)
 *   BENCH_BUILD              auto (build when dist is missing or older than the sources), always, never
 *   BENCH_API_ENTRY          run this file instead of dist/apps/api/src/main.js (to measure a variant)
 *   BENCH_API_NODE_ARGS      extra node flags for the API process, space-separated (e.g. for profiling)
 *   BENCH_BARE_NODE_ARGS     the same for the bare server
 *   BENCH_BARE_JWT_KEY       keyobject (default) or string: how the bare server hands the secret to jsonwebtoken
 *   BENCH_MONGODB_URL        run the API on this MongoDB replica set instead of the embedded default (the bare
 *                            server keeps its Map); for measuring what a variant costs on the database. The relay
 *                            scenario runs its change-stream leg on it (or on MONGODB_URL), when it is a replica set
 *   BENCH_RELAY_SAMPLES      measured records per relay leg (default 40, after 5 warm-up ones)
 *   OUTBOX_POLL_INTERVAL_MS  the relay scenario's poll interval, as the service reads it (default 1000)
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ensureBuilt } from './build.mjs';
import { measureCipher } from './cipher.mjs';
import { log } from './log.mjs';
import { compareFiles, flatMemory, startBareFiles } from './files.mjs';
import { compare } from './measure.mjs';
import { measureRelay } from './relay.mjs';
import { machine, printSummary, writeReport } from './report.mjs';
import { serverDeaths, seedBare, startApi, startBare, stopChild } from './servers.mjs';
import { readSettings } from './settings.mjs';
import { checkSameBehaviour, PASSWORD, signUpAndLogIn } from './sign-up.mjs';

async function main() {
  let settings;
  try {
    settings = readSettings();
  } catch (error) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  const children = [];
  let api;
  let tempDir;
  let cleanedUp = false;
  const cleanUp = async () => {
    if (cleanedUp) return;
    cleanedUp = true;
    await Promise.all(children.map((child) => stopChild(child)));
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  // Last resort if something exits synchronously: never leave a server running.
  process.once('exit', () => children.forEach((child) => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')));

  try {
    ensureBuilt(settings.build);
    // First, while nothing else runs: they need no server.
    const cipher = settings.scenarios.includes('cipher') ? await measureCipher(settings) : undefined;
    const relay = settings.scenarios.includes('relay') ? await measureRelay(settings) : undefined;
    if (settings.scenarios.every((name) => name === 'cipher' || name === 'relay')) {
      const report = { generatedAt: new Date().toISOString(), machine: machine(), settings, scenarios: {}, cipher, relay };
      printSummary(report);
      writeReport(report);
      return;
    }
    tempDir = mkdtempSync(join(os.tmpdir(), 'keepem-bench-'));
    const mailDir = join(tempDir, 'mail');
    mkdirSync(mailDir);

    api = await startApi({
      entry: settings.apiEntry,
      tempDir,
      mailDir,
      logLevel: settings.logLevel,
      nodeArgs: settings.apiNodeArgs,
      mongodbUrl: settings.mongodbUrl,
      // Room for every file the files scenario uploads (a file is uploaded once, to an asset of its own).
      extraEnv: { STORAGE_QUOTA_MB: '1000000' },
    });
    children.push(api.child);
    log(
      `API up on ${api.url} (pid ${api.child.pid}, LOG_LEVEL=${settings.logLevel}${settings.mongodbUrl ? ', on BENCH_MONGODB_URL' : ''})`,
    );

    const account = await signUpAndLogIn(api, mailDir);
    log(`user ${account.profile.username} registered, activated and logged in`);

    const bare = await startBare(settings);
    children.push(bare.child);
    await seedBare(bare, account.profile);
    log(`bare Fastify up on ${bare.url} (pid ${bare.child.pid})`);

    await checkSameBehaviour(api, bare, account);

    // A server that dies under load must fail the run loudly, not show up as connection errors.
    for (const [name, server] of [
      ['API', api],
      ['bare server', bare],
    ]) {
      server.child.once('exit', (code, signal) => {
        if (!cleanedUp) serverDeaths.push(`the ${name} exited during the run (${signal ?? `code ${code}`})`);
      });
    }
    const pids = { api: api.child.pid, bare: bare.child.pid };
    const scenarios = {};
    if (settings.scenarios.includes('me')) {
      scenarios.me = await compare(
        'GET /api/v1/me',
        { api, bare, pids, settings, seconds: settings.seconds, rounds: settings.rounds, target: 0.6 },
        () => ({
          method: 'GET',
          path: '/api/v1/me',
          headers: { authorization: `Bearer ${account.accessToken}` },
          expectStatus: 200,
          timeout: 10,
        }),
      );
    }
    if (settings.scenarios.includes('profile')) {
      scenarios.profile = await compare(
        'PATCH /api/v1/me',
        { api, bare, pids, settings, seconds: settings.seconds, rounds: settings.rounds, target: 0.5 },
        (side, phase) => {
          // Every request a new name, so every one changes the profile (and, in the API, writes an outbox record).
          const prefix = `Bench ${side} ${phase} `;
          let counter = 0;
          return {
            method: 'PATCH',
            path: '/api/v1/me',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${account.accessToken}` },
            body: () => JSON.stringify({ public_name: `${prefix}${(counter++).toString(36)}` }),
            expectStatus: 202,
            timeout: 10,
          };
        },
      );
    }
    if (settings.scenarios.includes('register')) {
      const runId = randomUUID().replace(/-/g, '').slice(0, 3);
      scenarios.register = await compare(
        'POST /api/v1/users',
        { api, bare, pids, settings, seconds: settings.registerSeconds, rounds: 1, target: null },
        (side, phase) => {
          // Every request a different user: <side><phase><run>_<counter in base 36>, at most 15 characters.
          const prefix = `${side[0]}${phase[0]}${runId}_`;
          let counter = 0;
          return {
            method: 'POST',
            path: '/api/v1/users',
            headers: { 'content-type': 'application/json' },
            body: () => {
              const username = `${prefix}${(counter++).toString(36)}`;
              return JSON.stringify({ username, email: `${username}@bench.example.com`, password: PASSWORD });
            },
            expectStatus: 201,
            // A closed loop of connections queues behind argon2, slow on purpose, for seconds: no timeouts wanted.
            timeout: 120,
          };
        },
      );
    }

    if (settings.scenarios.includes('files')) {
      const bareFiles = await startBareFiles(tempDir);
      children.push(bareFiles.child);
      log(`bare file server up on ${bareFiles.url} (pid ${bareFiles.child.pid})`);
      scenarios.files = await compareFiles({
        api,
        bare: bareFiles,
        account,
        sizeBytes: settings.fileMiB * 1024 * 1024,
        rounds: settings.fileRounds,
      });
    }
    if (settings.scenarios.includes('memory')) {
      scenarios.memory = await flatMemory({
        entry: settings.apiEntry,
        tempDir,
        heapMiB: settings.memoryHeapMiB,
        multiple: settings.memoryMultiple,
      });
    }

    const report = { generatedAt: new Date().toISOString(), machine: machine(), settings, scenarios, cipher, relay };
    printSummary(report);
    writeReport(report);

    const broken = Object.values(scenarios)
      .filter((scenario) => scenario.kind === undefined)
      .flatMap((scenario) => [scenario.api, scenario.bare])
      .filter((run) => run.problems.length > 0);
    if (broken.length > 0) {
      for (const run of broken) console.error(`FAILED ${run.label}: ${run.problems.join('; ')}`);
      process.exitCode = 1;
    }
  } catch (error) {
    console.error(`\nbench failed: ${error instanceof Error ? error.message : error}`);
    if (error?.details) console.error(error.details);
    else if (serverDeaths.length > 0 && api) console.error(`last lines of the API's output:\n${api.apiLog()}`);
    process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

await main();
