import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { bearer, type Member } from './keeps-client';
import type { TestApp } from './test-app';

export const ASSET_UPLOAD_LOCATION = /^\/api\/v1\/assets\/([0-9a-f-]{36})\/file\?upload_token=([\w.%-]+)$/;

/** A creation body a test may change: a small photo. */
export function newAsset(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: 'Grandma’s garden', file_type: 'image/jpeg', file_name: 'garden.jpg', file_size_bytes: 1000, ...overrides };
}

/** POST /api/v1/assets as `who`. */
export function createAsset(app: TestApp, who: Member, body: Record<string, unknown> = newAsset()): Promise<Response> {
  return app.http().post('/api/v1/assets').set('Authorization', bearer(who)).send(body);
}

/** Creates an asset and answers its id and the upload URL the creation pointed to. */
export async function assetCreated(
  app: TestApp,
  who: Member,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; uploadUrl: string; uploadToken: string }> {
  const response = await createAsset(app, who, newAsset(overrides));
  expect(response.status).toBe(201);
  const match = ASSET_UPLOAD_LOCATION.exec(String(response.headers.location));
  expect(match).not.toBeNull();
  const [uploadUrl, id, uploadToken] = match!;
  return { id, uploadUrl, uploadToken: decodeURIComponent(uploadToken) };
}

export function getAsset(app: TestApp, who: Member, assetId: string): Promise<Response> {
  return app.http().get(`/api/v1/assets/${assetId}`).set('Authorization', bearer(who));
}

export function updateAsset(app: TestApp, who: Member, assetId: string, body: Record<string, unknown>): Promise<Response> {
  return app.http().patch(`/api/v1/assets/${assetId}`).set('Authorization', bearer(who)).send(body);
}

export function removeAsset(app: TestApp, who: Member, assetId: string): Promise<Response> {
  return app.http().delete(`/api/v1/assets/${assetId}`).set('Authorization', bearer(who));
}

/** GET one of the caller's asset views: `''` (the list, with `query`), `/stats`, `/of-the-week` or `/tag-cloud`. */
export function myAssets(app: TestApp, who: Member, view = '', query = ''): Promise<Response> {
  return app.http().get(`/api/v1/me/assets${view}${query}`).set('Authorization', bearer(who));
}
