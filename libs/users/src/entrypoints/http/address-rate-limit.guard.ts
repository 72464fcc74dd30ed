import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblemResponses } from '@keepem/shared/http';
import { type UsersConfig, usersConfig } from '../../users.config';
import { clientAddress, enforceLimits, type Limiter, RateLimiters } from './rate-limits';

const ONE_HOUR_MS = 60 * 60_000;
const ADDRESS_LIMIT = 'users:address-limit';

/** How often one client address may call a route. */
export interface AddressLimit {
  /** Names the limit's counts: routes that give the same name share them. */
  name: string;
  max: (config: UsersConfig) => number;
  windowMs: number;
  /** The problem's detail, given the seconds to wait. */
  tooMany: (seconds: number) => string;
}

/** Registration e-mails an activation link to whatever address its caller names. */
export const SIGN_UP_LIMIT: AddressLimit = {
  name: 'sign-up',
  max: (config) => config.signUpLimitPerIpPerHour,
  windowMs: ONE_HOUR_MS,
  tooMany: (seconds) => `Too many sign-ups from this address; try again in ${seconds} s`,
};

/** A reset request e-mails a link to the address its caller names, when that is an active account's. */
export const PASSWORD_RESET_LIMIT: AddressLimit = {
  name: 'password-reset',
  max: (config) => config.passwordResetLimitPerIpPerHour,
  windowMs: ONE_HOUR_MS,
  tooMany: (seconds) => `Too many password reset requests from this address; try again in ${seconds} s`,
};

/**
 * Limits how often one client address may call the route, answering 429 with Retry-After beyond
 * that. Every route that sends an e-mail to an address its caller names takes one (registration,
 * password reset), so that nobody can have the API mail strangers in bulk, and so that
 * probing which addresses are registered (a sign-up with a taken e-mail answers 409) is slowed.
 * It runs before validation and counts every call, failed ones too: a probe fails by design.
 */
export function LimitPerAddress(limit: AddressLimit): MethodDecorator {
  return applyDecorators(
    SetMetadata(ADDRESS_LIMIT, limit),
    UseGuards(AddressRateLimitGuard),
    ApiProblemResponses({
      status: 429,
      description: 'Too many requests from this address; see Retry-After',
      example: { detail: limit.tooMany(1800) },
    }),
  );
}

@Injectable()
export class AddressRateLimitGuard implements CanActivate {
  private readonly limiters = new Map<string, Limiter>();

  constructor(
    private readonly reflector: Reflector,
    private readonly rateLimiters: RateLimiters,
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.reflector.get<AddressLimit>(ADDRESS_LIMIT, context.getHandler());
    const http = context.switchToHttp();
    await enforceLimits(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), [this.limiter(limit)], limit.tooMany);
    return true;
  }

  private limiter(limit: AddressLimit): Limiter {
    let limiter = this.limiters.get(limit.name);
    if (!limiter) {
      limiter = this.rateLimiters.create({
        max: limit.max(this.config),
        windowMs: limit.windowMs,
        key: (request) => `${limit.name}-ip:${clientAddress(request)}`,
      });
      this.limiters.set(limit.name, limiter);
    }
    return limiter;
  }
}
