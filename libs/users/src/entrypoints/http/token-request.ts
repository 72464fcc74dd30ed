import type { FastifyRequest } from 'fastify';

/** The OAuth2 form (`grant_type`, `username`…), as opposed to the JSON login (`email`, `password`). */
export function isFormRequest(request: FastifyRequest): boolean {
  return request.headers['content-type']?.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false;
}

/** Read before validation, by the rate limit, exactly as the login route tells the grants apart. */
export function isRefreshTokenGrant(request: FastifyRequest): boolean {
  return isFormRequest(request) && (request.body as { grant_type?: unknown } | undefined)?.grant_type === 'refresh_token';
}
