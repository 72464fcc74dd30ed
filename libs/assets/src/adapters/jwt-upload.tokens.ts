import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { CLOCK, type Clock } from '@keepem/shared/service_layer';
import { InvalidUploadTokenError } from '../domain/asset.errors';
import type { UploadGrant, UploadTokens } from '../service_layer/ports/upload-tokens.port';
import { type AssetsConfig, assetsConfig } from '../assets.config';

const ALGORITHM = 'HS256';
const TOKEN_TYPE = 'upload';
/** Names what the derived key is for, so that it can never be the key of anything else derived from the KEK. */
const KEY_PURPOSE = 'keepem assets: upload token signing key v1';

interface UploadClaims {
  sub: string;
  asset: string;
  typ: typeof TOKEN_TYPE;
  iat: number;
  exp: number;
}

/**
 * Upload tokens as JWTs (HS256, `typ: upload`, `sub` the user, `asset` the asset), valid for
 * UPLOAD_TOKEN_TTL_SECONDS. They are signed with a key derived (HKDF-SHA256) from the current
 * key-encryption key, so the assets context needs no secret of its own and never signs with the
 * KEK itself; a KEK rotation ends the few tokens still open, which only asks for a new asset.
 * Verification pins the algorithm, so `alg: none` or another algorithm is refused.
 */
@Injectable()
export class JwtUploadTokens implements UploadTokens {
  private readonly key: KeyObject;
  private readonly ttlSeconds: number;

  constructor(
    @Inject(assetsConfig.KEY) config: AssetsConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', currentKeyEncryptionKey(config), Buffer.alloc(0), KEY_PURPOSE, 32)));
    this.ttlSeconds = config.uploadTokenTtlSeconds;
  }

  issue(grant: UploadGrant): string {
    const issuedAt = Math.floor(this.clock.now().getTime() / 1000);
    const claims: UploadClaims = {
      sub: grant.userId,
      asset: grant.assetId,
      typ: TOKEN_TYPE,
      iat: issuedAt,
      exp: issuedAt + this.ttlSeconds,
    };
    return jwt.sign(claims, this.key, { algorithm: ALGORITHM });
  }

  verify(token: string, grant: UploadGrant): void {
    let claims: Partial<UploadClaims>;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: [ALGORITHM],
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      }) as Partial<UploadClaims>;
    } catch {
      throw new InvalidUploadTokenError('invalid');
    }
    // jsonwebtoken checks `exp` only when a token has one, so a token without it is refused here.
    if (claims.typ !== TOKEN_TYPE || typeof claims.exp !== 'number' || typeof claims.sub !== 'string' || typeof claims.asset !== 'string') {
      throw new InvalidUploadTokenError('invalid');
    }
    if (claims.sub !== grant.userId || claims.asset !== grant.assetId) {
      throw new InvalidUploadTokenError('not-for-this-upload');
    }
  }
}

/** The KEK new data keys are wrapped with: what upload tokens are signed with a key derived from. */
function currentKeyEncryptionKey(config: AssetsConfig): Buffer {
  const { current, keys } = config.dataKeyEncryptionKeys;
  return keys.get(current)!;
}
