import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { MongoReplicaSet } from './mongo-replica-set';

/**
 * The wire lane's server: jongodb, a MongoDB-wire-compatible test server shipped as a native binary
 * on npm (an optional dependency, so a platform without it installs fine and skips the lane). It
 * speaks sessions, transactions, queries and indexes, but it never raises a write conflict between
 * concurrent transactions and ignores projections, so it proves the driver code, not MongoDB's
 * concurrency rules.
 */
const BINARY = join(process.cwd(), 'node_modules', '@jongodb', 'memory-server-bin-linux-x64-gnu', 'bin', 'jongodb');
const START_TIMEOUT_MS = 15_000;

/** Why the wire lane cannot run here, or null. */
export function jongodbSkipReason(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `jongodb ships no binary for ${process.platform}-${process.arch} here`;
  }
  return existsSync(BINARY) ? null : `${BINARY} is not installed (optional dependency)`;
}

/**
 * Starts a single-node replica set on a free loopback port. The URL asks the driver to poll the
 * server's state: its default streaming monitor makes this server end a reply with
 * "moreToCome unexpectedly" under load, which clears the connection pool again and again.
 */
export async function startJongodb(): Promise<MongoReplicaSet> {
  const child = spawn(BINARY, ['--host=127.0.0.1', '--port=0', '--topology-profile=singleNodeReplicaSet', '--replica-set-name=rs0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const uri = await announcedUri(child);
  const url = new URL(uri);
  url.searchParams.set('serverMonitoringMode', 'poll');
  return {
    url: url.toString(),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    },
  };
}

function announcedUri(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    let announced = false;
    const timer = setTimeout(
      () => fail(new Error(`jongodb announced no URI within ${START_TIMEOUT_MS / 1000} s: ${output}`)),
      START_TIMEOUT_MS,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill();
      reject(error);
    };
    // Read to the end either way: a pipe nobody drains would stop the server once it fills.
    const read = (chunk: Buffer) => {
      if (announced) {
        return;
      }
      output += chunk.toString();
      const uri = /JONGODB_URI=(\S+)/.exec(output)?.[1];
      if (uri) {
        announced = true;
        clearTimeout(timer);
        resolve(uri);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('error', fail);
    child.once('exit', (code) => {
      if (!announced) {
        fail(new Error(`jongodb exited with ${code} before it announced its URI: ${output}`));
      }
    });
  });
}
