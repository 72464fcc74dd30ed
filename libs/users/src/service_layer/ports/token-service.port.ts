import type { AccessTokenVerifier } from '@keepem/shared/service_layer';
import type { Role } from '../../domain/role';

export const TOKEN_SERVICE = Symbol('TOKEN_SERVICE');

export interface SessionSubject {
  userId: string;
  sessionId: string;
  scope: Role[];
  /** True only for the access token a login hands out (not a refreshed one). */
  fresh: boolean;
  /** No token of the session may outlive this (the session's renewal limit). */
  notAfter: Date;
}

export interface RefreshTokenClaims {
  userId: string;
  sessionId: string;
  scope: Role[];
  /** What the session stores instead of the token itself. */
  fingerprint: string;
}

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  refreshTokenFingerprint: string;
}

export interface PasswordResetClaims {
  userId: string;
  /**
   * What the link knows of the password it replaces (a keyed digest of its hash): the link works
   * only while that password stands, so once used, or once the password changed otherwise, it is dead.
   */
  passwordStamp: string;
}

/**
 * Every verify* throws UnauthenticatedError. Verifying is synchronous: it checks a signature with a
 * key held in memory, so a promise would only defer CPU work, and an access token is verified on
 * every request.
 */
export interface TokenService extends AccessTokenVerifier {
  issueSessionTokens(subject: SessionSubject): Promise<IssuedTokens>;
  verifyRefreshToken(token: string): RefreshTokenClaims;
  issueActivationToken(userId: string): Promise<{ token: string; expiresAt: Date }>;
  verifyActivationToken(token: string): { userId: string };
  /** A reset link's token, short-lived, bound to the user's current password hash. */
  issuePasswordResetToken(userId: string, passwordHash: string): Promise<{ token: string; expiresAt: Date }>;
  verifyPasswordResetToken(token: string): PasswordResetClaims;
  /** The stamp a reset token issued for this password hash carries. */
  passwordStamp(passwordHash: string): string;
}
