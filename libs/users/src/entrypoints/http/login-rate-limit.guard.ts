import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { EmailAddress } from '../../domain/email-address.value-object';
import { type UsersConfig, usersConfig } from '../../users.config';
import { clientAddress, enforceLimits, type Limiter, RateLimiters } from './rate-limits';
import { isRefreshTokenGrant } from './token-request';

const ONE_MINUTE_MS = 60_000;

interface LoginLimiters {
  perAddress: Limiter;
  perAccount: Limiter;
}

/**
 * Limits login attempts per client address and per account. Guessing one password across many
 * addresses, or many accounts from one address, both run into a limit.
 *
 * A refresh_token grant counts against its address only: it names no account and checks no
 * password, so it can neither spend an account's attempts nor guess a password; counted per
 * account, every refresh would share one "unknown account" bucket and lock the others out.
 */
@Injectable()
export class LoginRateLimitGuard implements CanActivate {
  private limiters: LoginLimiters | undefined;

  constructor(
    private readonly rateLimiters: RateLimiters,
    @Inject(usersConfig.KEY) private readonly config: UsersConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const { perAddress, perAccount } = this.loginLimiters();
    const limiters = isRefreshTokenGrant(request) ? [perAddress] : [perAddress, perAccount];
    await enforceLimits(
      request,
      http.getResponse<FastifyReply>(),
      limiters,
      (seconds) => `Too many login attempts; try again in ${seconds} s`,
    );
    return true;
  }

  private loginLimiters(): LoginLimiters {
    if (!this.limiters) {
      const { perIpPerMinute, perAccountPerMinute } = this.config.loginLimits;
      const limit = (max: number, key: (request: FastifyRequest) => string) =>
        this.rateLimiters.create({ max, windowMs: ONE_MINUTE_MS, key });
      this.limiters = {
        perAddress: limit(perIpPerMinute, (request) => `login-ip:${clientAddress(request)}`),
        perAccount: limit(perAccountPerMinute, (request) => `login-account:${loginAccount(request)}`),
      };
    }
    return this.limiters;
  }
}

/**
 * The account a login attempt is for, whichever of the two body shapes carried it, as a digest: the
 * body is read before validation, so it may hold anything up to the body limit, and a key's size
 * must not be the sender's choice.
 */
function loginAccount(request: FastifyRequest): string {
  const body = (request.body ?? {}) as { email?: unknown; username?: unknown };
  const account = typeof body.email === 'string' ? body.email : body.username;
  // The same key login looks the account up by, so Gmail spellings of one mailbox share a limit.
  const canonical = typeof account === 'string' ? EmailAddress.canonicalOf(account) : '';
  return createHash('sha256').update(canonical).digest('base64url');
}
