import type { FastifyRequest } from 'fastify';
import type { ProblemDetails } from './problem-details';
import { ExtendRouteConfig } from './route-config';

/**
 * How one route tells its errors, beyond the problem document every route answers with. It is kept
 * in the route's Fastify config, not in Nest metadata, so an error Fastify raises before Nest runs
 * (a malformed or too large body) is told the same way as one a handler throws.
 */
export interface RouteProblemOptions {
  /** Extension members (RFC 9457 §3.2) added to the route's problem documents, e.g. OAuth2's `error`. */
  members?(problem: ProblemDetails): object;
  /** A page for a browser that asks for HTML (a link followed from an e-mail) rather than JSON. */
  page?(problem: ProblemDetails): string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    problems?: RouteProblemOptions;
  }
}

export function RouteProblems(problems: RouteProblemOptions): MethodDecorator {
  return ExtendRouteConfig({ problems });
}

export function routeProblemOptions(request: FastifyRequest): RouteProblemOptions {
  return request.routeOptions?.config?.problems ?? {};
}

/**
 * Whether the client would rather have HTML than JSON: it names `text/html`, and weighs it at least
 * as much as any JSON type. A bare wildcard, what scripts send, keeps the problem document.
 */
export function prefersHtml(accept: string | undefined): boolean {
  const weights = new Map<string, number>();
  for (const range of (accept ?? '').split(',')) {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    weights.set(type, quality ? Number(quality.slice(2)) || 0 : 1);
  }
  const html = weights.get('text/html') ?? 0;
  const json = Math.max(weights.get('application/json') ?? 0, weights.get('application/problem+json') ?? 0);
  return html > 0 && html >= json;
}
