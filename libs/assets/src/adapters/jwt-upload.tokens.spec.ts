import { describe, expect, it } from '@jest/globals';
import jwt from 'jsonwebtoken';
import { createHmac, hkdfSync } from 'node:crypto';
import { ManualClock } from '@keepem/shared/testing';
import { assetsConfig } from '../assets.config';
import { InvalidUploadTokenError } from '../domain/asset.errors';
import { JwtUploadTokens } from './jwt-upload.tokens';

const KEK = Buffer.alloc(32, 5);
const config = assetsConfig({ DATA_KEY_ENCRYPTION_KEY: KEK.toString('base64'), UPLOAD_TOKEN_TTL_SECONDS: '300' });
const grant = { assetId: crypto.randomUUID(), userId: crypto.randomUUID() };

/** The signing key as the adapter derives it, to forge tokens a leaked key would allow, with other claims. */
const signingKey = Buffer.from(hkdfSync('sha256', KEK, Buffer.alloc(0), 'keepem assets: upload token signing key v1', 32));

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('JwtUploadTokens', () => {
  const clock = new ManualClock(new Date('2030-01-01T00:00:00Z'));
  const tokens = new JwtUploadTokens(config, clock);
  const now = () => Math.floor(clock.now().getTime() / 1000);
  const refusal = (token: string, asked = grant) => {
    try {
      tokens.verify(token, asked);
    } catch (error) {
      return error;
    }
    return undefined;
  };

  it('issues a token for one asset and one user that verifies for them until UPLOAD_TOKEN_TTL_SECONDS have passed', () => {
    const token = tokens.issue(grant);

    expect(jwt.decode(token, { complete: true })).toMatchObject({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { typ: 'upload', sub: grant.userId, asset: grant.assetId, iat: now(), exp: now() + 300 },
    });
    expect(() => tokens.verify(token, grant)).not.toThrow();
    clock.advance(299_000);
    expect(() => tokens.verify(token, grant)).not.toThrow();
  });

  it('refuses an expired token as invalid (401)', () => {
    const token = tokens.issue(grant);
    clock.advance(300_000);

    expect(refusal(token)).toEqual(expect.any(InvalidUploadTokenError));
    expect(refusal(token)).toMatchObject({ kind: 'unauthenticated', reason: 'invalid' });
  });

  it.each([
    ['another asset', () => ({ ...grant, assetId: crypto.randomUUID() })],
    ['another user', () => ({ ...grant, userId: crypto.randomUUID() })],
  ])('answers a sound token used for %s as an asset that is not there (404)', (_, asked) => {
    const refused = refusal(tokens.issue(grant), asked());

    expect(refused).toEqual(expect.any(InvalidUploadTokenError));
    expect(refused).toMatchObject({ kind: 'not_found', reason: 'not-for-this-upload', message: 'Asset was not found' });
  });

  it.each([
    ['another type', { typ: 'access' }],
    ['no type', { typ: undefined }],
    ['no expiry', { exp: undefined }],
    ['no asset', { asset: undefined }],
  ])('refuses a correctly signed token of %s as invalid (401)', (_, changes) => {
    const claims = { typ: 'upload', sub: grant.userId, asset: grant.assetId, iat: now(), exp: now() + 60, ...changes };
    const token = jwt.sign(JSON.parse(JSON.stringify(claims)) as object, signingKey, { algorithm: 'HS256' });

    expect(refusal(token)).toMatchObject({ kind: 'unauthenticated', reason: 'invalid' });
  });

  it('refuses alg none, another algorithm, an altered signature, another key and garbage as invalid (401)', () => {
    const claims = { typ: 'upload', sub: grant.userId, asset: grant.assetId, iat: now(), exp: now() + 60 };
    const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
    const hs512 = jwt.sign(claims, signingKey, { algorithm: 'HS512' });
    const issued = tokens.issue(grant);
    const altered = issued.slice(0, -3) + (issued.endsWith('AAA') ? 'BBB' : 'AAA');
    const otherKey = jwt.sign(claims, Buffer.alloc(32, 6), { algorithm: 'HS256' });
    // Signed with the KEK itself rather than the key derived from it.
    const withKek = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(claims)}`;
    const kekSigned = `${withKek}.${createHmac('sha256', KEK).update(withKek).digest('base64url')}`;

    for (const token of [unsigned, hs512, altered, otherKey, kekSigned, 'not-a-token', '']) {
      expect({ token, refused: refusal(token) }).toMatchObject({ token, refused: { kind: 'unauthenticated', reason: 'invalid' } });
    }
  });

  it('derives its key from the current KEK: tokens of an app with another KEK are refused', () => {
    const other = new JwtUploadTokens(assetsConfig({ DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 8).toString('base64') }), clock);

    expect(refusal(other.issue(grant))).toMatchObject({ reason: 'invalid' });
  });
});
