import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import type { AccessTokenClaims } from '../../../service_layer/access-token-verifier.port';
import { ApiProblemResponses } from '../api-problem-responses.decorator';
import { AccessTokenGuard, AuthenticatedRequest } from './access-token.guard';
import { REQUIRED_SCOPE } from './required-scope';

/** The one security scheme name every protected route documents (Swagger's Authorize fills it). */
export const ACCESS_TOKEN_SCHEME = 'access-token';

/**
 * Marks a route as needing an access token, and optionally some scope (e.g. 'admin'). The scheme is
 * OAuth2, so the document names the scopes a route needs in its security requirement.
 */
export function Authenticated(...scope: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    UseGuards(AccessTokenGuard),
    ApiSecurity(ACCESS_TOKEN_SCHEME, scope),
    ApiProblemResponses(401, ...(scope.length > 0 ? [403] : [])),
  );
}

/** The verified claims of the caller's access token. */
export const Caller = createParamDecorator((_: unknown, context: ExecutionContext): AccessTokenClaims => {
  const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
  if (!caller) {
    throw new Error('@Caller() used on a route without @Authenticated()');
  }
  return caller;
});
