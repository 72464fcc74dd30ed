/**
 * A variant of the built API for `BENCH_API_ENTRY`: `PATCH /api/v1/me` answers 202 and its
 * Location without dispatching the command, so what is left is the HTTP pipeline the command path
 * starts from (request log, security headers, body parsing, the access-token guard, the validation
 * pipe, Nest's routing). It measures what the CommandBus, the handler, the unit of work and the
 * outbox add to that (docs/benchmarks.md, "PATCH /api/v1/me"):
 *
 *   BENCH_SCENARIOS=profile BENCH_API_ENTRY=scripts/bench/variants/patch-without-command.mjs npm run bench
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_API_ENTRY, ROOT } from '../paths.mjs';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { MeHttpController } = require(join(ROOT, 'dist', 'libs/users/src/entrypoints/http/me.http.controller.js'));
const { pointTo } = require(join(ROOT, 'dist', 'libs/shared/src/entrypoints/http/command-response.js'));

const original = MeHttpController.prototype.changeProfile;
// The one name the benchmark's check before measuring sends still goes through, so both servers
// show it afterwards; the measured requests' names do not.
async function changeProfileWithoutCommand(body, caller, metadata, reply) {
  if (body.public_name?.trim() === 'Bench Checked') {
    return original.call(this, body, caller, metadata, reply);
  }
  pointTo(reply, '/api/v1/me');
}
// Nest finds the route, its guards and its parameters in metadata kept on the method itself.
for (const key of Reflect.getMetadataKeys(original)) {
  Reflect.defineMetadata(key, Reflect.getMetadata(key, original), changeProfileWithoutCommand);
}
MeHttpController.prototype.changeProfile = changeProfileWithoutCommand;

require(DIST_API_ENTRY);
