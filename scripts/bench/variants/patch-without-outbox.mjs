/**
 * A variant of the built API for `BENCH_API_ENTRY`: `UserPublicProfileChanged` is not published, so
 * `PATCH /api/v1/me` saves the user (version check included) and writes no outbox record, and the
 * relay has nothing to deliver. Everything else is the unchanged build. It measures what the
 * outbox record costs, written and delivered (docs/benchmarks.md, "PATCH /api/v1/me"):
 *
 *   BENCH_SCENARIOS=profile BENCH_API_ENTRY=scripts/bench/variants/patch-without-outbox.mjs npm run bench
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_API_ENTRY, ROOT } from '../paths.mjs';

const require = createRequire(import.meta.url);
const { PublishedEvents } = require(join(ROOT, 'dist', 'libs/shared/src/service_layer/published-events.js'));

const published = PublishedEvents.prototype.integrationEventOf;
PublishedEvents.prototype.integrationEventOf = function unlessProfile(event) {
  return event.constructor.name === 'UserPublicProfileChanged' ? undefined : published.call(this, event);
};

require(DIST_API_ENTRY);
