import type { IncomingMessage } from 'node:http';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Fastify's genReqId: keeps a caller's X-Request-Id when it is harmless (so a trace spans
 * services), otherwise makes one. Request logs, problem bodies and the answer's X-Request-Id all
 * carry this id.
 */
export function assignRequestId(raw: IncomingMessage): string {
  const offered = raw.headers['x-request-id'];
  return typeof offered === 'string' && SAFE_REQUEST_ID.test(offered) ? offered : newRequestId();
}

/** An id for an answer given before any header could be read (a connection that is not HTTP). */
export function newRequestId(): string {
  return crypto.randomUUID();
}
