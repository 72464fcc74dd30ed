import { applyDecorators, CanActivate, ExecutionContext, Inject, Injectable, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiProblemResponses, type AuthenticatedRequest } from '@keepem/shared/http';
import { type UsersConfig, usersConfig } from '../../users.config';
import { enforceLimits, type Limiter, RateLimiters } from './rate-limits';

const ONE_MINUTE_MS = 60_000;

/**
 * Limits how often one account's password may be checked by a password change: at most
 * LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE a minute, from all addresses together. The route
 * answers whether an old password is right, so without this, whoever holds a session (a stolen one
 * included) could guess the password there as fast as it hashes, around the login limits. The
 * account's owner never needs that many changes in a minute. Every attempt counts.
 */
@Injectable()
export class PasswordChangeRateLimitGuard implements CanActivate {
  private limiter: Limiter | undefined;

  constructor(
    private readonly rateLimiters: RateLimiters,
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    await enforceLimits(
      http.getRequest<AuthenticatedRequest>(),
      http.getResponse<FastifyReply>(),
      [this.accountLimiter()],
      (seconds) => `Too many password changes on this account; try again in ${seconds} s`,
    );
    return true;
  }

  private accountLimiter(): Limiter {
    this.limiter ??= this.rateLimiters.create({
      max: this.config.loginLimits.perAccountPerIpPerMinute,
      windowMs: ONE_MINUTE_MS,
      key: (request) => `password-change-account:${callerOf(request as AuthenticatedRequest)}`,
    });
    return this.limiter;
  }
}

function callerOf(request: AuthenticatedRequest): string {
  if (!request.caller) {
    throw new Error('LimitPasswordChanges() runs after the access-token guard: write it above @Authenticated()');
  }
  return request.caller.userId;
}

/**
 * The limit, written above the route's `@Authenticated()`: decorators apply from the bottom up, so
 * the access-token guard runs first and names the caller.
 */
export function LimitPasswordChanges(): MethodDecorator {
  return applyDecorators(
    UseGuards(PasswordChangeRateLimitGuard),
    ApiProblemResponses({
      status: 429,
      description: 'Too many password changes on this account; see Retry-After',
      example: { detail: 'Too many password changes on this account; try again in 42 s' },
    }),
  );
}
