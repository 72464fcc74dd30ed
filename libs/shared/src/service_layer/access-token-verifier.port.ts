export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Who is calling, as their access token says. */
export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
  /** The roles this token may act with (a subset of the user's). */
  scope: string[];
  /** True only for the access token a login hands out (not a refreshed one). */
  fresh: boolean;
  expiresAt: Date;
}

/**
 * Checks an access token for any context's HTTP routes. The users context issues tokens and
 * provides the implementation; other contexts need nothing else of it to authenticate a caller.
 */
export interface AccessTokenVerifier {
  /** Throws UnauthenticatedError for a token that is not a valid, unexpired access token. */
  verifyAccessToken(token: string): AccessTokenClaims;
}
