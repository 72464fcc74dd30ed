import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../../../domain/domain-error';
import { ACCESS_TOKEN_VERIFIER, type AccessTokenClaims, type AccessTokenVerifier } from '../../../service_layer/access-token-verifier.port';
import { REQUIRED_SCOPE } from './required-scope';

export type AuthenticatedRequest = FastifyRequest & { caller?: AccessTokenClaims };

/**
 * Admits a request with a valid access token (and the scope the route asks for) and remembers the
 * caller. It trusts the token and does not read its session: a token outlives a logout only until it
 * expires, while a read on every authenticated request would cost a database round trip.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly tokens: AccessTokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  /** Synchronous, so Nest awaits no promise of ours on every authenticated request. */
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const caller = this.tokens.verifyAccessToken(bearerToken(request));
    const required =
      this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPE, [context.getHandler(), context.getClass()]) ?? [];
    if (!required.every((role) => caller.scope.includes(role))) {
      throw new ForbiddenError(`This needs the ${required.join(' ')} scope`);
    }
    request.caller = caller;
    return true;
  }
}

export function bearerToken(request: FastifyRequest): string {
  const [scheme, token, ...rest] = (request.headers.authorization ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) {
    throw new UnauthenticatedError('A bearer token is required in the Authorization header');
  }
  return token;
}
