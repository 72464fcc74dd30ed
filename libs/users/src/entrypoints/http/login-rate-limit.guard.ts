import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EmailAddress } from '../../domain/email-address.value-object';
import { isRefreshTokenGrant } from './token-request';
import { type UsersConfig, usersConfig } from '../../users.config';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

const ONE_MINUTE_MS = 60_000;

/**
 * Limits login attempts per client address and per account, with @fastify/rate-limit's limiters
 * (the plugin is registered by the HTTP app). Guessing one password across many addresses, or many
 * accounts from one address, both run into a limit.
 *
 * A refresh_token grant counts against its address only: it names no account and checks no
 * password, so it can neither spend an account's attempts nor guess a password; counted per
 * account, every refresh would share one "unknown account" bucket and lock the others out.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private limiters: Limiter[] | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const [perAddress, perAccount] = this.loginLimiters();
    for (const limiter of isRefreshTokenGrant(request) ? [perAddress] : [perAddress, perAccount]) {
      const outcome = await limiter(request);
      // isAllowed only means "on the allow list"; being over the limit is isExceeded.
      if (!outcome.isAllowed && outcome.isExceeded) {
        void http.getResponse<FastifyReply>().header('Retry-After', String(outcome.ttlInSeconds));
        throw new HttpException(`Too many login attempts; try again in ${outcome.ttlInSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
      }
    }
    return true;
  }

  private loginLimiters(): Limiter[] {
    if (!this.limiters) {
      const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
      const { perIpPerMinute, perAccountPerMinute } = this.config.loginLimits;
      this.limiters = [
        fastify.createRateLimit({ max: perIpPerMinute, timeWindow: ONE_MINUTE_MS, keyGenerator: (request) => `login-ip:${request.ip}` }),
        fastify.createRateLimit({
          max: perAccountPerMinute,
          timeWindow: ONE_MINUTE_MS,
          keyGenerator: (request) => `login-account:${loginAccount(request)}`,
        }),
      ];
    }
    return this.limiters;
  }
}

/** The account a login attempt is for, whichever of the two body shapes carried it. */
function loginAccount(request: FastifyRequest): string {
  const body = (request.body ?? {}) as { email?: unknown; username?: unknown };
  const account = typeof body.email === 'string' ? body.email : body.username;
  // The same key login looks the account up by, so Gmail spellings of one mailbox share a limit.
  return typeof account === 'string' ? EmailAddress.canonicalOf(account) : 'unknown';
}
