/**
 * A variant of the built API for `BENCH_API_ENTRY`: the access-token guard also reads the caller's
 * session on every authenticated request and refuses a token whose session has ended, as a server
 * would that revokes access tokens at logout. Everything else is the unchanged build. It measures
 * what that check would cost (docs/benchmarks.md, "Checking the session on every request"):
 *
 *   BENCH_SCENARIOS=me BENCH_API_ENTRY=scripts/bench/variants/session-check.mjs npm run bench
 *
 * The session is read the way the API's views read documents (the DocumentReader port, two fields
 * projected), from whichever store the API runs on.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { DIST_API_ENTRY, ROOT } from '../paths.mjs';

const require = createRequire(import.meta.url);
const dist = (path) => join(ROOT, 'dist', path);
const { AccessTokenGuard } = require(dist('libs/shared/src/entrypoints/http/auth/access-token.guard.js'));
const { DOCUMENT_READER } = require(dist('libs/shared/src/service_layer/document-reader.port.js'));
const { UnauthenticatedError } = require(dist('libs/shared/src/domain/domain-error.js'));
const { NestFactory } = require('@nestjs/core');

// The guard has no reader of its own; it borrows the app's, taken as the app is made.
let reader;
const create = NestFactory.create.bind(NestFactory);
NestFactory.create = async (...args) => {
  const app = await create(...args);
  reader = app.get(DOCUMENT_READER);
  return app;
};

const verify = AccessTokenGuard.prototype.canActivate;
AccessTokenGuard.prototype.canActivate = async function canActivateWithSession(context) {
  verify.call(this, context);
  const { caller } = context.switchToHttp().getRequest();
  const session = await reader.findById('sessions', caller.sessionId, ['state', 'expires_at']);
  if (!session || session.state !== 'active' || session.expires_at <= new Date()) {
    throw new UnauthenticatedError('The session has ended');
  }
  return true;
};

require(DIST_API_ENTRY);
