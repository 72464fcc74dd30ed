import type { FastifyReply } from 'fastify';

/**
 * Commands answer with where to look, never with data, so that reading stays the queries' job: the
 * status comes from the route's @HttpCode, this sets the Location the client should GET next.
 */
export function pointTo(reply: FastifyReply, location: string): void {
  void reply.header('Location', location);
}
