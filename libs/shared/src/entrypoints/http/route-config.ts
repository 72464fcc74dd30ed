import { Reflector } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyContextConfig } from 'fastify';

/** Where Nest keeps a route's Fastify config; `RouteConfig` replaces whatever is there. */
const ROUTE_CONFIG = RouteConfig({}).KEY;
const reflector = new Reflector();

/**
 * Adds to a route's Fastify config instead of replacing it, so that several decorators (how the
 * route tells its errors, which bodies it takes) can each set their own part on one route.
 */
export function ExtendRouteConfig(config: FastifyContextConfig): MethodDecorator {
  return (target, key, descriptor) => {
    const current = reflector.get<FastifyContextConfig | undefined>(ROUTE_CONFIG, descriptor.value as () => unknown) ?? {};
    RouteConfig({ ...current, ...config })(target, key, descriptor);
  };
}
