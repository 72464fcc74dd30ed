/**
 * A variant of the built API for `BENCH_API_ENTRY`: no file bodies (neither @fastify/multipart,
 * whose global hooks run on every request, nor the file routes' parser and hooks), as the API was
 * before the upload route. Everything else is the unchanged build. It measures what taking files
 * costs the other routes (docs/benchmarks.md, "Files"):
 *
 *   BENCH_SCENARIOS=me BENCH_API_ENTRY=scripts/bench/variants/without-file-bodies.mjs npm run bench
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_API_ENTRY, ROOT } from '../paths.mjs';

const require = createRequire(import.meta.url);
const fileBodies = require(join(ROOT, 'dist', 'libs/shared/src/entrypoints/http/file-bodies.js'));
fileBodies.useFileBodies = async () => undefined;

require(DIST_API_ENTRY);
