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
  perAccountAndAddress: Limiter;
  perAccount: Limiter;
}

/**
 * Limits login attempts per client address, per account from one address, and per account from
 * all addresses together. Guessing many accounts from one address runs into the first; guessing
 * one account from one address into the second. The third, higher, is the ceiling for guessing
 * spread over many addresses. A stranger who spends an account's attempts from an address spends
 * only that address's: the owner, from another address, still logs in. Locking the owner out takes
 * guessing from many addresses at once, enough to reach the ceiling.
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
    const { perAddress, perAccountAndAddress, perAccount } = this.loginLimiters();
    const limiters = isRefreshTokenGrant(request) ? [perAddress] : [perAddress, perAccountAndAddress, perAccount];
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
      const { perIpPerMinute, perAccountPerIpPerMinute, perAccountPerMinute } = this.config.loginLimits;
      const limit = (max: number, key: (request: FastifyRequest) => string) =>
        this.rateLimiters.create({ max, windowMs: ONE_MINUTE_MS, key });
      this.limiters = {
        perAddress: limit(perIpPerMinute, (request) => `login-ip:${clientAddress(request)}`),
        perAccountAndAddress: limit(
          perAccountPerIpPerMinute,
          (request) => `login-account-ip:${loginAccount(request)}:${clientAddress(request)}`,
        ),
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
