import { expect } from '@jest/globals';
import type { Response } from 'supertest';
import { activeAssetCreated } from './active-assets';
import { acceptKeep, bearer, keepRequested, member, type Member } from './keeps-client';
import type { TestApp } from './test-app';
import { logIn } from './users-client';

export const RELEASE_LOCATION = /^\/api\/v1\/legacy\/([0-9a-f-]{36})$/;

export type ReleaseRoute = 'to-future-self' | 'in-a-bottle' | 'hide-and-seek' | 'time-capsule' | 'transfer';

export const DAY_MS = 24 * 60 * 60_000;

/** An ISO 8601 date-time `ms` from the app's clock's now (negative: in the past). */
export const fromNow = (app: TestApp, ms: number): string => new Date(app.clock.now().getTime() + ms).toISOString();

/** Moves the app's clock on by `ms`, and logs `people` in again: their access tokens have expired by then. */
export async function timePasses(app: TestApp, ms: number, ...people: Member[]): Promise<void> {
  app.clock.advance(ms);
  for (const person of people) {
    const tokens = await logIn(app, person.registration);
    person.token = tokens.access_token;
    person.refreshToken = tokens.refresh_token;
  }
}

/** Two active users who keep each other: `owner` asked, `receiver` accepted. */
export async function keepsOfEachOther(app: TestApp): Promise<{ owner: Member; receiver: Member }> {
  const [owner, receiver] = [await member(app), await member(app)];
  const keepId = await keepRequested(app, owner, receiver);
  expect((await acceptKeep(app, receiver, keepId)).status).toBe(202);
  return { owner, receiver };
}

/** POST /api/v1/legacy/{route} as `who`. */
export function scheduleRelease(app: TestApp, who: Member, route: ReleaseRoute, body: Record<string, unknown>): Promise<Response> {
  return app.http().post(`/api/v1/legacy/${route}`).set('Authorization', bearer(who)).send(body);
}

/** Schedules a release and answers its id, taken from the Location of the 201. */
export async function releaseScheduled(app: TestApp, who: Member, route: ReleaseRoute, body: Record<string, unknown>): Promise<string> {
  const response = await scheduleRelease(app, who, route, body);
  expect({ status: response.status, body: response.body as unknown }).toEqual({ status: 201, body: expect.anything() });
  const match = RELEASE_LOCATION.exec(String(response.headers.location));
  expect(match).not.toBeNull();
  return match![1];
}

/** An active asset of `who` and a release of it; answers both ids. */
export async function assetReleased(
  app: TestApp,
  who: Member,
  route: ReleaseRoute,
  body: Record<string, unknown>,
): Promise<{ assetId: string; releaseId: string }> {
  const assetId = await activeAssetCreated(app, who);
  const releaseId = await releaseScheduled(app, who, route, { name: `Release ${crypto.randomUUID()}`, assets: [assetId], ...body });
  return { assetId, releaseId };
}

export function getRelease(app: TestApp, who: Member, releaseId: string): Promise<Response> {
  return app.http().get(`/api/v1/legacy/${releaseId}`).set('Authorization', bearer(who));
}

export function triggerRelease(app: TestApp, who: Member, releaseId: string, body: Record<string, unknown> = {}): Promise<Response> {
  return app.http().post(`/api/v1/legacy/${releaseId}/trigger`).set('Authorization', bearer(who)).send(body);
}

export function cancelRelease(app: TestApp, who: Member, releaseId: string): Promise<Response> {
  return app.http().delete(`/api/v1/legacy/${releaseId}`).set('Authorization', bearer(who));
}

/** GET /api/v1/me/legacy (`''`) or /api/v1/me/legacy/incoming (`'/incoming'`) as `who`. */
export function myLegacy(app: TestApp, who: Member, view: '' | '/incoming' = '', query = ''): Promise<Response> {
  return app.http().get(`/api/v1/me/legacy${view}${query}`).set('Authorization', bearer(who));
}

/** The ids of the releases `who` finds incoming now. */
export async function incomingIds(app: TestApp, who: Member): Promise<string[]> {
  const response = await myLegacy(app, who, '/incoming');
  expect(response.status).toBe(200);
  return (response.body._embedded.releases as { id: string }[]).map((release) => release.id);
}

/** The ids of `who`'s active assets (the first page of 100). */
export async function myAssetIds(app: TestApp, who: Member): Promise<string[]> {
  const response = await app.http().get('/api/v1/me/assets?size=100').set('Authorization', bearer(who));
  expect(response.status).toBe(200);
  return (response.body._embedded.assets as { id: string }[]).map((asset) => asset.id);
}

/** GET the release as `who` until `accept` holds of its body (the parties' profiles come through the outbox), or 5 s pass. */
export async function releaseOnceItShows(
  app: TestApp,
  who: Member,
  releaseId: string,
  accept: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const until = Date.now() + 5000;
  for (;;) {
    const response = await getRelease(app, who, releaseId);
    expect(response.status).toBe(200);
    if (accept(response.body as Record<string, unknown>) || Date.now() > until) {
      return response.body as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
