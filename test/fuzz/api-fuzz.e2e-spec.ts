import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { Agent } from 'node:http';
import { listenOnFreePort } from '../support/listening';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, registerAndActivate } from '../support/users-client';
import { RawAnswer, RawRequest, send } from './http-request';
import { Credentials, documentedRoutes, DocumentedRoute, requestTo } from './request-arbitraries';
import { ADMIN, ADMIN_SETTINGS, UNLIMITED_LOGINS } from '../support/users-admin-client';

/** Fixed, so a failure is the same failure on every machine; fast-check prints it with the shrunk request. */
const SEED = 20_261_201;
const REQUESTS_PER_ROUTE = 250;

/** What every answer to a client's mistake must be: a 4xx problem+json (or a browser's page) naming its request, never a 5xx. */
function expectWellFormedAnswer(sent: RawRequest, answer: RawAnswer): void {
  const context = `${sent.method} ${sent.path.slice(0, 120)} → ${answer.status} ${answer.body.slice(0, 200)}`;
  expect({ context, serverError: answer.status >= 500 }).toEqual({ context, serverError: false });
  if (answer.status < 400) {
    return;
  }
  if (sent.headers.accept === 'text/html' && String(answer.headers['content-type']).startsWith('text/html')) {
    // A route with a page for browsers (the activation link) answers them with HTML, still with its request id.
    expect({ context, requestId: answer.headers['x-request-id'] }).toEqual({ context, requestId: expect.any(String) });
    return;
  }
  expect({ context, contentType: String(answer.headers['content-type']) }).toEqual({
    context,
    contentType: expect.stringMatching(/^application\/problem\+json/),
  });
  const problem = JSON.parse(answer.body) as { status?: number; request_id?: string };
  expect({ context, status: problem.status, requestId: problem.request_id }).toEqual({
    context,
    status: answer.status,
    requestId: answer.headers['x-request-id'],
  });
}

describe('Fuzzing every documented route', () => {
  let app: TestApp;
  let baseUrl: string;
  let agent: Agent;
  let routes: DocumentedRoute[];
  let credentials: Credentials;

  beforeAll(async () => {
    // Limits high enough that the generator, one client address, reaches the handlers behind them.
    app = await startTestApp({
      ...ADMIN_SETTINGS,
      ...UNLIMITED_LOGINS,
    });
    const { registration } = await registerAndActivate(app);
    const user = await logIn(app, registration);
    const admin = await logIn(app, ADMIN, { scope: 'user admin' });
    credentials = { userAccessToken: user.access_token, adminAccessToken: admin.access_token, refreshToken: user.refresh_token };
    routes = documentedRoutes((await app.http().get('/docs-json').expect(200)).body);
    baseUrl = await listenOnFreePort(app);
    // A connection per request: an answer written on a broken request closes its connection.
    agent = new Agent({ keepAlive: false, maxSockets: 1 });
  }, 60_000);

  afterAll(async () => {
    agent?.destroy();
    await app?.close();
  });

  it('finds the routes in the OpenAPI document', () => {
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/users', 'POST /api/v1/auth/login', 'GET /api/v1/me', 'GET /health']),
    );
  });

  it('answers no generated request with a 5xx, and every 4xx as problem+json with its request id', async () => {
    const statuses = new Set<number>();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestTo(route, credentials), async (sent) => {
          const answer = await send(baseUrl, agent, sent);
          statuses.add(answer.status);
          expectWellFormedAnswer(sent, answer);
        }),
        { seed: SEED, numRuns: REQUESTS_PER_ROUTE, endOnFailure: true },
      );
    }
    // The generator reaches the handlers, not only the gates before them.
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 201, 400, 401, 403, 404, 409, 415]));
  }, 180_000);
});
