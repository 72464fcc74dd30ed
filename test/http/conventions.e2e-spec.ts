import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventBus } from '@nestjs/cqrs';
import { USER_PROFILE_RESOURCE } from '../../libs/users/src/entrypoints/http/user-profile.resource';
import { PASSWORD_HASHER, type PasswordHasher } from '../../libs/users/src/service_layer/ports/password-hasher.port';
import { startTestApp, TestApp } from '../support/test-app';
import { logIn, newRegistration, register, registerAndActivate } from '../support/users-client';
import { EXPECTED_API_HEADERS } from '../support/api-headers';

describe('HTTP conventions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  const expectProblem = (response: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
    expect(response.body.errors).toEqual(expect.any(Array));
    expect(response.headers['x-request-id']).toBe(response.body.request_id);
  };

  it('answers malformed JSON with a 400 problem', async () => {
    const response = await app.http().post('/api/v1/users').set('Content-Type', 'application/json').send('{"username": "ada",');
    expectProblem(response, 400);
  });

  it('answers wrong types and unknown fields with a 400 problem naming the fields, and stores nothing', async () => {
    const registration = newRegistration();
    const wrongTypes = await app
      .http()
      .post('/api/v1/users')
      .send({ ...registration, username: 42, password: ['x'] });
    expectProblem(wrongTypes, 400);
    expect((wrongTypes.body.errors as Array<{ field: string }>).map((error) => error.field)).toEqual(
      expect.arrayContaining(['username', 'password']),
    );

    const unknownField = await app
      .http()
      .post('/api/v1/users')
      .send({ ...registration, roles: ['admin'] });
    expectProblem(unknownField, 400);
    expect(unknownField.body.errors).toEqual([expect.objectContaining({ field: 'roles' })]);
    // A field the API does not know is named as it was sent, not respelled as a domain field would be.
    const camelCase = await app
      .http()
      .post('/api/v1/users')
      .send({ ...registration, publicName: 'Ada' });
    expect(camelCase.body.errors).toEqual([expect.objectContaining({ field: 'publicName' })]);

    // Neither attempt left anything behind: the same username and e-mail are still free.
    await register(app, registration);
  });

  it('answers a body that is too large with 413, and an unsupported content type with 415', async () => {
    const huge = await app
      .http()
      .post('/api/v1/users')
      .send({ ...newRegistration(), public_name: 'x'.repeat(100_000) });
    expectProblem(huge, 413);
    const xml = await app.http().post('/api/v1/users').set('Content-Type', 'application/xml').send('<user/>');
    expectProblem(xml, 415);
  });

  it('answers an unknown route with a 404 problem and echoes a safe X-Request-Id', async () => {
    const response = await app.http().get('/api/v1/nothing-here').set('X-Request-Id', 'trace-123');
    expectProblem(response, 404);
    expect(response.headers['x-request-id']).toBe('trace-123');
    expect(response.body.request_id).toBe('trace-123');

    const unsafe = await app.http().get('/api/v1/nothing-here').set('X-Request-Id', 'bad id with spaces');
    expect(unsafe.headers['x-request-id']).not.toBe('bad id with spaces');
  });

  it('names the path in a problem’s instance, never the query, which may carry a secret', async () => {
    const { registration } = await registerAndActivate(app);
    const { access_token } = await logIn(app, registration);
    const response = await app.http().get('/api/v1/users/not-a-uuid?token=secret-value').set('Authorization', `Bearer ${access_token}`);
    expectProblem(response, 400);
    expect(response.body.instance).toBe('/api/v1/users/not-a-uuid');
    expect(response.text).not.toContain('secret-value');
  });

  it('answers a malformed id in a path with 400', async () => {
    const { registration } = await registerAndActivate(app);
    const { access_token } = await logIn(app, registration);
    const response = await app.http().get('/api/v1/users/not-a-uuid').set('Authorization', `Bearer ${access_token}`);
    expectProblem(response, 400);
  });

  it('serves Swagger UI at /docs and the spec with a bearer scheme on every protected route at /docs-json', async () => {
    const ui = await app.http().get('/docs').redirects(1);
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');

    const spec = await app.http().get('/docs-json');
    expect(spec.status).toBe(200);
    expect(spec.body.components.securitySchemes['access-token'].flows.password.tokenUrl).toBe('/api/v1/auth/login');
    expect(spec.body.paths['/api/v1/me'].get.security).toEqual([{ 'access-token': [] }]);
    expect(spec.body.paths['/api/v1/users/{id}'].get.security).toEqual([{ 'access-token': [] }]);
    // The schema that documents a profile is the one its answers are serialized with.
    for (const path of ['/api/v1/me', '/api/v1/users/{id}']) {
      const profile = spec.body.paths[path].get.responses['200'].content['application/json'].schema;
      expect(profile).toEqual({ $ref: '#/components/schemas/UserProfileResource' });
    }
    expect(spec.body.components.schemas.UserProfileResource).toEqual(USER_PROFILE_RESOURCE.schema);
    const register = spec.body.paths['/api/v1/users'].post.responses;
    expect(register['201'].headers.Location).toBeDefined();
    expect(register['400'].content['application/problem+json']).toBeDefined();
  });

  it('reports liveness, readiness and version outside the API prefix', async () => {
    expect((await app.http().get('/health')).body).toEqual({ status: 'ok' });
    const ready = await app.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ persistence: { status: 'up' }, broker: { status: 'up' } });
    const version = await app.http().get('/version');
    // The build, and nothing an attacker could match against known flaws: no runtime, no environment.
    expect(version.body).toEqual({ name: 'keepem-api', version: expect.stringMatching(/^\d+\.\d+\.\d+/), commit: 'unknown' });
    const spec = await app.http().get('/docs-json');
    const documented = spec.body.paths['/version'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(documented.properties).sort()).toEqual(Object.keys(version.body).sort());
  });

  it('sends an API’s security headers on every answer, and keeps personal data out of caches', async () => {
    const { registration } = await registerAndActivate(app);
    const { access_token } = await logIn(app, registration);
    for (const response of [
      await app.http().get('/api/v1/me').set('Authorization', `Bearer ${access_token}`),
      await app.http().get('/api/v1/me'),
      await app.http().get('/health'),
    ]) {
      expect(response.headers).toMatchObject(EXPECTED_API_HEADERS);
      // Headers that only mean something for an HTML page are not sent with JSON.
      for (const pageOnly of ['x-dns-prefetch-control', 'x-download-options', 'origin-agent-cluster', 'x-xss-protection']) {
        expect(response.headers[pageOnly]).toBeUndefined();
      }
    }
  });

  it('gives the spec at /docs-json the API’s headers, not the page’s', async () => {
    const spec = await app.http().get('/docs-json');
    expect(spec.status).toBe(200);
    expect(spec.headers).toMatchObject(EXPECTED_API_HEADERS);
    expect(spec.headers['cross-origin-opener-policy']).toBeUndefined();
  });

  it('lets Swagger UI run its inline script, and nothing from elsewhere', async () => {
    const ui = await app.http().get('/docs').redirects(1);
    const policy = ui.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self' 'unsafe-inline'");
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(ui.headers['cross-origin-opener-policy']).toBe('same-origin');
  });
});

describe('Unexpected failures', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('answers 500 without internals, and publishes an ApplicationError', async () => {
    const published: unknown[] = [];
    const subscription = app.app.get(EventBus).subscribe((event) => published.push(event));
    // An infrastructure fault: the password hashing library breaks with a revealing message.
    const hasher = app.app.get<PasswordHasher>(PASSWORD_HASHER);
    hasher.hash = async () => {
      throw new Error('secret internal detail at /srv/keepem');
    };

    const response = await app.http().post('/api/v1/users').send(newRegistration());
    subscription.unsubscribe();

    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).not.toContain('secret internal detail');
    expect(published).toEqual([
      expect.objectContaining({ requestId: response.body.request_id, message: 'secret internal detail at /srv/keepem' }),
    ]);
  });
});
