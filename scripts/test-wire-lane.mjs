// Runs the e2e suites on the MongoDB wire lane (test/jest-e2e-wire.config.js), or says visibly why
// it cannot: the jongodb server is an optional dependency with a binary for linux-x64 (glibc) only.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const SERVER_PACKAGE = '@jongodb/memory-server-bin-linux-x64-gnu';

try {
  createRequire(import.meta.url).resolve(`${SERVER_PACKAGE}/package.json`);
} catch {
  console.log(`skipped: e2e suites on the MongoDB wire lane (${SERVER_PACKAGE} is not installed on ${process.platform}-${process.arch})`);
  process.exit(0);
}

const jest = spawnSync(
  process.execPath,
  [
    '--disable-warning=ExperimentalWarning',
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--config',
    'test/jest-e2e-wire.config.js',
    '--runInBand',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(jest.status ?? 1);
