import type { Test } from 'supertest';
import type { TestApp } from './test-app';
import { logIn, registerAndActivate } from './users-client';

/** An active user logged in through the real flow, with a way to send requests as them. */
export interface SignedInUser {
  id: string;
  accessToken: string;
  refreshToken: string;
  /** `request` with the user's access token as its bearer token. */
  as(request: Test): Test;
}

export async function signedInUser(app: TestApp): Promise<SignedInUser> {
  const { id, registration } = await registerAndActivate(app);
  const tokens = await logIn(app, registration);
  return {
    id,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    as: (request) => request.set('Authorization', `Bearer ${tokens.access_token}`),
  };
}
