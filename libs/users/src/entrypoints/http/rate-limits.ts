import { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type UsersConfig, usersConfig } from '../../users.config';

export type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

export interface LimitRule {
  max: number;
  windowMs: number;
  /** Prefixed by the caller, so two limits never share a count. */
  key: (request: FastifyRequest) => string;
}

/**
 * Makes the context's rate limiters with @fastify/rate-limit, which the HTTP app registers and
 * gives the store the counts are kept in. Each limiter holds at most RATE_LIMIT_STORE_CAPACITY keys.
 */
@Injectable()
export class RateLimiters {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
  ) {}

  create({ max, windowMs, key }: LimitRule): Limiter {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    // `cache` is how many keys the plugin's stores hold; its types leave it out of createRateLimit's options.
    const options: RateLimitOptions = { max, timeWindow: windowMs, keyGenerator: key, cache: this.config.rateLimitStoreCapacity };
    return fastify.createRateLimit(options);
  }
}

/**
 * Counts the request against each limiter in turn. The first one it is over stops it with 429 and
 * Retry-After, and the limiters after that one do not count it, so a refused request spends nothing
 * of a wider limit.
 */
export async function enforceLimits(
  request: FastifyRequest,
  reply: FastifyReply,
  limiters: Limiter[],
  tooMany: (seconds: number) => string,
): Promise<void> {
  for (const limiter of limiters) {
    const outcome = await limiter(request);
    // isAllowed only means "on the allow list"; being over the limit is isExceeded.
    if (!outcome.isAllowed && outcome.isExceeded) {
      void reply.header('Retry-After', String(outcome.ttlInSeconds));
      throw new HttpException(tooMany(outcome.ttlInSeconds), HttpStatus.TOO_MANY_REQUESTS);
    }
  }
}

/**
 * The client's address as the limits count it: the socket's (no proxy header is trusted), and for
 * IPv6 its /64, which one subscriber usually holds whole.
 */
export function clientAddress(request: FastifyRequest): string {
  return normalizeIP(request.ip, 64);
}
