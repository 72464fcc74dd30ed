import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/test-app';
import { newRegistration, register, registerAndActivate } from '../support/users-client';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  text: string;
}

function expectProblem(response: Answer, status: number) {
  expect({ status: response.status, contentType: response.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(response.body).toMatchObject({ status, detail: expect.any(String), request_id: expect.any(String) });
}

describe('The input boundary', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  describe('content types', () => {
    it('refuses a sign-up that is not JSON with 415, and stores nothing', async () => {
      const registration = newRegistration();
      const form = await app.http().post('/api/v1/users').type('form').send(registration);
      expectProblem(form, 415);
      const text = await app.http().post('/api/v1/users').set('Content-Type', 'text/plain').send(JSON.stringify(registration));
      expectProblem(text, 415);
      const multipart = await app
        .http()
        .post('/api/v1/users')
        .field({ ...registration });
      expectProblem(multipart, 415);
      const nearlyJson = await app.http().post('/api/v1/users').set('Content-Type', 'application/jsonx').send(JSON.stringify(registration));
      expectProblem(nearlyJson, 415);
      await register(app, registration);
    });

    it('takes a form only on the OAuth2 token endpoint', async () => {
      const { registration } = await registerAndActivate(app);
      const tokens = await app
        .http()
        .post('/api/v1/auth/login')
        .type('form')
        .send({ grant_type: 'password', username: registration.email, password: registration.password });
      expect(tokens.status).toBe(200);
      const refresh = await app
        .http()
        .post('/api/v1/auth/refresh')
        .set('Authorization', `Bearer ${tokens.body.refresh_token}`)
        .type('form')
        .send({ anything: 'x' });
      expectProblem(refresh, 415);
      const charset = await app
        .http()
        .post('/api/v1/auth/login')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ email: registration.email, password: registration.password }));
      expect(charset.status).toBe(200);
    });

    it('still answers 404, not 415, for a form sent to no route', async () => {
      const response = await app.http().post('/api/v1/nothing-here').type('form').send({ a: '1' });
      expectProblem(response, 404);
    });
  });
});
