import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ResourceOwnerPassword } from 'simple-oauth2';
import { listenOnFreePort } from '../support/listening';
import { startTestApp, TestApp } from '../support/test-app';
import { newRegistration, register, registerAndActivate } from '../support/users-client';

const SIXTEEN_MINUTES = 16 * 60_000;

/** Wreck, simple-oauth2's HTTP client, rejects a non-2xx answer with a Boom error carrying the parsed body. */
interface RejectedTokenRequest {
  output: { statusCode: number };
  data: { payload: Record<string, unknown> };
}

/** A standard OAuth2 client library, configured as its documentation says, against the token endpoint. */
describe('An off-the-shelf OAuth2 client (simple-oauth2, resource owner password grant)', () => {
  let app: TestApp;
  let client: ResourceOwnerPassword;
  let baseUrl: string;

  beforeAll(async () => {
    app = await startTestApp();
    baseUrl = await listenOnFreePort(app);
    client = new ResourceOwnerPassword({
      client: { id: 'keepem-e2e', secret: '' },
      auth: { tokenHost: baseUrl, tokenPath: '/api/v1/auth/login' },
    });
  });
  afterAll(() => app.close());

  const me = (accessToken: string) => fetch(`${baseUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${accessToken}` } });

  it('logs in, calls /me, sees when the access token expires, and refreshes it', async () => {
    const { id, registration } = await registerAndActivate(app);

    const accessToken = await client.getToken({ username: registration.email, password: registration.password, scope: 'user' });
    expect(accessToken.token.token_type).toBe('Bearer');
    const profile = await me(accessToken.token.access_token);
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ id, email: registration.email });

    // The library read expires_in: the token is good now, and gone within the 15 minutes an access token lives.
    expect(accessToken.expired()).toBe(false);
    expect(accessToken.expired(15 * 60 + 1)).toBe(true);
    const lifetimeMs = (accessToken.token.expires_at as Date).getTime() - Date.now();
    expect(lifetimeMs).toBeGreaterThan(14 * 60_000);
    expect(lifetimeMs).toBeLessThanOrEqual(15 * 60_000);

    app.clock.advance(SIXTEEN_MINUTES);
    expect((await me(accessToken.token.access_token)).status).toBe(401);

    const refreshed = await accessToken.refresh();
    expect(refreshed.token.refresh_token).not.toBe(accessToken.token.refresh_token);
    expect(refreshed.expired()).toBe(false);
    expect((await me(refreshed.token.access_token)).status).toBe(200);

    // The old refresh token was rotated away; presenting it again ends the session.
    const replay = (await accessToken.refresh().catch((error: unknown) => error)) as RejectedTokenRequest;
    expect(replay.output.statusCode).toBe(401);
    expect(replay.data.payload.error).toBe('invalid_grant');
    const afterReplay = (await refreshed.refresh().catch((error: unknown) => error)) as RejectedTokenRequest;
    expect(afterReplay.output.statusCode).toBe(401);
  });

  it('gets the OAuth2 error of a refused login', async () => {
    const pending = newRegistration();
    await register(app, pending);
    const refused = (await client
      .getToken({ username: pending.email, password: pending.password })
      .catch((error: unknown) => error)) as RejectedTokenRequest;
    expect(refused.output.statusCode).toBe(403);
    expect(refused.data.payload).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/not activated/) });
  });
});
