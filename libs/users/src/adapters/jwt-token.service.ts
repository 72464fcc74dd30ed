import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { type AccessTokenClaims, CLOCK, type Clock } from '@keepem/shared/service_layer';
import { isRole, Role } from '../domain/role';
import {
  IssuedTokens,
  PasswordResetClaims,
  RefreshTokenClaims,
  SessionSubject,
  TokenService,
} from '../service_layer/ports/token-service.port';
import { type UsersConfig, usersConfig } from '../users.config';

const ALGORITHM = 'HS384';
const ACCESS_TTL_SECONDS = 15 * 60;
const REFRESH_TTL_SECONDS = 60 * 24 * 60 * 60;
const ACTIVATION_TTL_SECONDS = 90 * 60;
const PASSWORD_RESET_TTL_SECONDS = 30 * 60;

type TokenType = 'access' | 'refresh' | 'activation' | 'password-reset';

/** What a token of the wrong type is told, with the article its type's name takes. */
const WRONG_TYPE: Record<TokenType, string> = {
  access: 'An access token is required',
  refresh: 'A refresh token is required',
  activation: 'An activation token is required',
  'password-reset': 'A password reset token is required',
};

interface Claims {
  sub: string;
  jti: string;
  iat: number;
  nbf: number;
  exp: number;
  typ: TokenType;
  sid?: string;
  scope?: string;
  fresh?: boolean;
  /** A password reset token's stamp of the password it may replace. */
  pwd?: string;
}

/**
 * JWTs signed with JWT_SECRET_KEY (jsonwebtoken). Verification pins the algorithm (so `alg: none`
 * or a swapped algorithm is refused), checks expiry against our clock, and insists on the token's
 * type, so a refresh token never passes as an access token or the reverse.
 *
 * jsonwebtoken is called directly rather than through @nestjs/jwt, whose `verify` copies and merges
 * its options objects on every call, and every authenticated request verifies a token: the wrapper
 * adds that work and nothing this adapter needs.
 */
@Injectable()
export class JwtTokenService implements TokenService {
  /**
   * A KeyObject made once, not the string: given a string, jsonwebtoken first tries to parse it as
   * a PEM key on every sign and verify, an attempt that fails and costs more than the HMAC itself.
   */
  private readonly key: KeyObject;

  constructor(
    @Inject(usersConfig.KEY) config: UsersConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecretKey, 'utf8'));
  }

  async issueSessionTokens(subject: SessionSubject): Promise<IssuedTokens> {
    const scope = subject.scope.join(' ');
    const access = this.sign(
      'access',
      subject.userId,
      ACCESS_TTL_SECONDS,
      { sid: subject.sessionId, scope, fresh: subject.fresh },
      subject.notAfter,
    );
    const refresh = this.sign('refresh', subject.userId, REFRESH_TTL_SECONDS, { sid: subject.sessionId, scope }, subject.notAfter);
    return {
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken: refresh.token,
      refreshTokenExpiresAt: refresh.expiresAt,
      refreshTokenFingerprint: fingerprint(refresh.token),
    };
  }

  verifyAccessToken(token: string): AccessTokenClaims {
    const claims = this.verify(token, 'access');
    return {
      userId: claims.sub,
      sessionId: requireString(claims.sid),
      scope: parseScope(claims.scope),
      fresh: claims.fresh === true,
      expiresAt: new Date(claims.exp * 1000),
    };
  }

  verifyRefreshToken(token: string): RefreshTokenClaims {
    const claims = this.verify(token, 'refresh');
    return { userId: claims.sub, sessionId: requireString(claims.sid), scope: parseScope(claims.scope), fingerprint: fingerprint(token) };
  }

  async issueActivationToken(userId: string): Promise<{ token: string; expiresAt: Date }> {
    return this.sign('activation', userId, ACTIVATION_TTL_SECONDS, {});
  }

  verifyActivationToken(token: string): { userId: string } {
    return { userId: this.verify(token, 'activation').sub };
  }

  async issuePasswordResetToken(userId: string, passwordHash: string): Promise<{ token: string; expiresAt: Date }> {
    return this.sign('password-reset', userId, PASSWORD_RESET_TTL_SECONDS, { pwd: this.passwordStamp(passwordHash) });
  }

  verifyPasswordResetToken(token: string): PasswordResetClaims {
    const claims = this.verify(token, 'password-reset');
    return { userId: claims.sub, passwordStamp: requireString(claims.pwd, 'The token names no password') };
  }

  /**
   * An HMAC of the hash under the signing key, so the e-mailed token tells its reader nothing about
   * the hash, and nobody without the key can compute the stamp of a hash they might have read.
   */
  passwordStamp(passwordHash: string): string {
    return createHmac('sha256', this.key).update(`password-reset:${passwordHash}`).digest('base64url');
  }

  private sign(
    typ: TokenType,
    subject: string,
    ttlSeconds: number,
    extra: Partial<Claims>,
    notAfter?: Date,
  ): { token: string; expiresAt: Date } {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const latest = notAfter ? Math.floor(notAfter.getTime() / 1000) : Infinity;
    const claims: Claims = {
      ...extra,
      sub: subject,
      jti: crypto.randomUUID(),
      iat: issuedAt,
      nbf: issuedAt,
      exp: Math.min(issuedAt + ttlSeconds, latest),
      typ,
    };
    const token = jwt.sign(claims, this.key, { algorithm: ALGORITHM });
    return { token, expiresAt: new Date(claims.exp * 1000) };
  }

  /** Synchronous on purpose: HMAC verification is CPU work, and a callback would only defer it. */
  private verify(token: string, expected: TokenType): Claims {
    let claims: Claims;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      }) as Claims;
    } catch {
      throw new UnauthenticatedError('The token is invalid or has expired');
    }
    // Claims every token we sign carries. jsonwebtoken checks `exp` only when a token has one, so a
    // token without it is refused here.
    if (claims.typ !== expected || typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || typeof claims.exp !== 'number') {
      throw new UnauthenticatedError(WRONG_TYPE[expected]);
    }
    return claims;
  }
}

/** What a session stores instead of its refresh token: useless to whoever reads the database. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function parseScope(scope: string | undefined): Role[] {
  const roles = (scope ?? '').split(' ').filter(Boolean);
  if (!roles.every(isRole)) {
    throw new UnauthenticatedError('The token names an unknown scope');
  }
  return roles;
}

function requireString(value: string | undefined, missing = 'The token has no session'): string {
  if (typeof value !== 'string') {
    throw new UnauthenticatedError(missing);
  }
  return value;
}
