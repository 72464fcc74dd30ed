/** Makes sure dist/ holds a build of the current sources before the API is started from it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { log } from './log.mjs';
import { DIST_API_ENTRY, ROOT } from './paths.mjs';

const BUILD_STAMP = join(ROOT, 'var', 'bench', 'build-stamp.json');

/**
 * Builds only when dist/ is missing or older than a source file: a build takes a while and
 * empties dist/ first (nest-cli deleteOutDir), which should not happen under anyone who is using
 * it when nothing changed. The stamp is written only after a build that succeeded, so a failed build's
 * partial output is never taken for current.
 */
export function ensureBuilt(mode) {
  if (mode === 'never') {
    if (!existsSync(DIST_API_ENTRY)) throw new Error(`BENCH_BUILD=never but ${DIST_API_ENTRY} does not exist`);
    return;
  }
  const newestSource = Math.max(
    ...['apps', 'libs'].flatMap((dir) => sourceMtimes(join(ROOT, dir))),
    ...['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'].map((file) => statSync(join(ROOT, file)).mtimeMs),
  );
  const stamp = existsSync(BUILD_STAMP) ? JSON.parse(readFileSync(BUILD_STAMP, 'utf8')) : null;
  const entryMtime = existsSync(DIST_API_ENTRY) ? statSync(DIST_API_ENTRY).mtimeMs : null;
  const current = entryMtime !== null && stamp?.entryMtimeMs === entryMtime && entryMtime >= newestSource;
  if (mode === 'auto' && current) {
    log('dist/ is current: not rebuilding (BENCH_BUILD=always forces a build)');
    return;
  }
  log(mode === 'always' ? 'building (BENCH_BUILD=always)' : 'dist/ is missing or older than the sources: npm run build');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const child = spawnSyncInherit(npm, ['run', 'build']);
  if (child !== 0) throw new Error(`npm run build failed (exit ${child})`);
  mkdirSync(dirname(BUILD_STAMP), { recursive: true });
  writeFileSync(BUILD_STAMP, JSON.stringify({ entryMtimeMs: statSync(DIST_API_ENTRY).mtimeMs, builtAt: new Date().toISOString() }));
}

function spawnSyncInherit(command, args) {
  // Synchronous on purpose: nothing else runs yet. Inherited stdio shows the build's errors as they are.
  return spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
}

function sourceMtimes(dir) {
  const mtimes = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') mtimes.push(...sourceMtimes(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      mtimes.push(statSync(path).mtimeMs);
    }
  }
  return mtimes;
}
