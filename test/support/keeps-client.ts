import { expect } from '@jest/globals';
import type { TestApp } from './test-app';
import { logIn, newRegistration, type Registration, registerAndActivate } from './users-client';

/** An active user as a client sees themselves: their id, what they signed up with, and a user access token. */
export interface Member {
  id: string;
  registration: Registration;
  token: string;
  refreshToken: string;
  referralCode: string;
}

/** Signs up, follows the e-mailed link and logs in, as a person would. */
export async function member(app: TestApp, overrides: Partial<Registration> = {}): Promise<Member> {
  const { id, registration } = await registerAndActivate(app, newRegistration(overrides));
  const tokens = await logIn(app, registration);
  const me = await app.http().get('/api/v1/me').set('Authorization', `Bearer ${tokens.access_token}`);
  expect(me.status).toBe(200);
  return { id, registration, token: tokens.access_token, refreshToken: tokens.refresh_token, referralCode: me.body.referral_code };
}

export const bearer = (who: Member | string) => `Bearer ${typeof who === 'string' ? who : who.token}`;

/** POST /api/v1/me/keeps as `who`. */
export function requestKeep(app: TestApp, who: Member, body: Record<string, unknown>) {
  return app.http().post('/api/v1/me/keeps').set('Authorization', bearer(who)).send(body);
}

/** Asks `requested` by id and answers the new keep's id. */
export async function keepRequested(
  app: TestApp,
  requester: Member,
  requested: Member,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const response = await requestKeep(app, requester, { to_id: requested.id, ...extra });
  expect(response.status).toBe(201);
  return String(response.headers.location).split('/').pop() as string;
}

export function acceptKeep(app: TestApp, who: Member, keepId: string, body: Record<string, unknown> = {}) {
  return app.http().put(`/api/v1/me/keeps/${keepId}/accept`).set('Authorization', bearer(who)).send(body);
}

export function declineKeep(app: TestApp, who: Member, keepId: string, body: Record<string, unknown> = {}) {
  return app.http().put(`/api/v1/me/keeps/${keepId}/decline`).set('Authorization', bearer(who)).send(body);
}

export function getKeep(app: TestApp, who: Member, keepId: string) {
  return app.http().get(`/api/v1/me/keeps/${keepId}`).set('Authorization', bearer(who));
}

export function listKeeps(app: TestApp, who: Member, query = '') {
  return app.http().get(`/api/v1/me/keeps${query}`).set('Authorization', bearer(who));
}

export function pendingActions(app: TestApp, who: Member) {
  return app.http().get('/api/v1/me/pending-actions').set('Authorization', bearer(who));
}
