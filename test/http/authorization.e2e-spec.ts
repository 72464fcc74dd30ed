import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Response } from 'supertest';
import { assetCreated } from '../support/assets-client';
import { keepRequested, member, type Member } from '../support/keeps-client';
import { activeAssetCreated } from '../support/active-assets';
import { DAY_MS, fromNow, releaseScheduled } from '../support/legacy-client';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';

type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
};

/** A documented operation that needs an access token, and the scopes it names. */
interface ProtectedRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  scope: string[];
  exampleBody: unknown;
}

/**
 * Every route that documents the access-token scheme is checked here, from the OpenAPI document, so
 * a route added later is checked without a line more: no token or a refresh token gets 401, a user
 * token on an admin route 403, someone else's id 404, and none of them changes anything.
 */
describe('Authorization on every protected route', () => {
  let app: TestApp;
  let admin: AdminClient;
  let routes: ProtectedRoute[];
  let caller: Member;
  /** Ids that exist but are not the caller's: another user, a keep between two other users, another user's asset and release. */
  let othersIds: { user: string; keep: string; asset: string; legacy: string };

  beforeAll(async () => {
    app = await startTestApp(ADMIN_SETTINGS);
    admin = new AdminClient(app);
    const spec = (await app.http().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => {
        const requirement = operation.security?.find((candidate) => 'access-token' in candidate);
        if (!requirement) {
          return [];
        }
        const examples = Object.values(operation.requestBody?.content ?? {}).flatMap((media) => Object.values(media.examples ?? {}));
        return [{ method: method as ProtectedRoute['method'], path, scope: requirement['access-token'], exampleBody: examples[0]?.value }];
      }),
    );
    caller = await member(app);
    const [one, other] = [await member(app), await member(app)];
    const legacy = await releaseScheduled(app, one, 'to-future-self', {
      name: 'Later',
      assets: [await activeAssetCreated(app, one)],
      scheduled_date: fromNow(app, DAY_MS),
    });
    othersIds = { user: one.id, keep: await keepRequested(app, one, other), asset: (await assetCreated(app, one)).id, legacy };
  }, 60_000);
  afterAll(() => app.close());

  const send = (route: ProtectedRoute, path: string, authorization?: string): Promise<Response> => {
    const request = app.http()[route.method](path);
    if (authorization) {
      request.set('Authorization', authorization);
    }
    return route.exampleBody === undefined ? request : request.send(route.exampleBody as object);
  };
  /** A path of the route with every parameter filled with someone else's id. */
  const othersPath = (route: ProtectedRoute) =>
    route.path.replace(
      '{id}',
      route.path.includes('keeps')
        ? othersIds.keep
        : route.path.includes('assets')
          ? othersIds.asset
          : route.path.includes('legacy')
            ? othersIds.legacy
            : othersIds.user,
    );
  const outboxSize = async () => (await admin.get('/api/v1/admin/outbox?size=1')).body.page.total_elements as number;
  const described = (route: ProtectedRoute, answer: Response) => ({
    route: `${route.method.toUpperCase()} ${route.path}`,
    status: answer.status,
    type: answer.headers['content-type'],
  });

  it('finds the protected routes, admin ones among them', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes.filter((route) => route.scope.includes('admin')).map((route) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['get /api/v1/users', 'delete /api/v1/users/{id}', 'get /api/v1/keeps']),
    );
  });

  it('answers no token, a forged token and a refresh token with 401 problem+json, and changes nothing', async () => {
    const before = await outboxSize();
    const forged = caller.token.slice(0, -4) + (caller.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const route of routes) {
      for (const authorization of [undefined, `Bearer ${forged}`, `Bearer ${caller.refreshToken}`]) {
        const answer = await send(route, othersPath(route), authorization);
        expect(described(route, answer)).toEqual({
          ...described(route, answer),
          status: 401,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
      }
    }
    expect(await outboxSize()).toBe(before);
  });

  it('answers a user token on an admin route with 403 problem+json, and changes nothing', async () => {
    const before = await outboxSize();
    for (const route of routes.filter((candidate) => candidate.scope.includes('admin'))) {
      const answer = await send(route, othersPath(route), `Bearer ${caller.token}`);
      expect(described(route, answer)).toEqual({
        ...described(route, answer),
        status: 403,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
    expect(await outboxSize()).toBe(before);
  });

  it('answers someone else’s id, or an unknown one, with 404 on every {id} route of a user, and changes nothing', async () => {
    const before = await outboxSize();
    const idRoutes = routes.filter((route) => route.path.includes('{id}') && !route.scope.includes('admin'));
    expect(idRoutes.length).toBeGreaterThan(0);
    for (const route of idRoutes) {
      for (const path of [othersPath(route), route.path.replace('{id}', crypto.randomUUID())]) {
        const answer = await send(route, path, `Bearer ${caller.token}`);
        expect(described(route, answer)).toEqual({
          ...described(route, answer),
          status: 404,
          type: expect.stringMatching(/^application\/problem\+json/),
        });
      }
    }
    expect(await outboxSize()).toBe(before);
  });
});
