import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Keeps a caller's X-Request-Id when it is harmless (so a trace spans services), otherwise makes
 * one. Stored on the raw request too, where pino-http looks for it, so logs and problem bodies
 * carry the same id.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const offered = raw.headers['x-request-id'];
  const id = typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : crypto.randomUUID();
  (raw as { id?: unknown }).id = id;
  return id;
}
