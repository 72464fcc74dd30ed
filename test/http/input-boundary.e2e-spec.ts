import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectingLogDestination } from '../support/log-lines';
import { startTestApp, TestApp } from '../support/test-app';
import { activationLink, logIn, newRegistration, register, registerAndActivate, type Registration } from '../support/users-client';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  text: string;
}

interface LogLine {
  level: number;
  msg?: string;
  reqId?: string;
  [key: string]: unknown;
}

function expectProblem(response: Answer, status: number) {
  expect({ status: response.status, contentType: response.headers['content-type'] }).toEqual({
    status,
    contentType: expect.stringContaining('application/problem+json'),
  });
  expect(response.body).toMatchObject({ status, detail: expect.any(String), request_id: expect.any(String) });
}

const fieldsOf = (response: Answer) => (response.body.errors as Array<{ field: string }>).map((error) => error.field);

/**
 * A registration as raw JSON text with `extra` spliced in as written: nesting that JSON.stringify
 * would overflow on, or a `__proto__` key, which an object literal cannot hold.
 */
const registrationWith = (registration: Registration, extra: string) => `${JSON.stringify(registration).slice(0, -1)},${extra}}`;

const postJson = (app: TestApp, path: string, text: string) => app.http().post(path).set('Content-Type', 'application/json').send(text);

// A file of its own: it reads the log, and nestjs-pino keeps the destination of the first app started in a file.
describe('The input boundary', () => {
  const { lines, destination } = collectingLogDestination<LogLine>();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, destination);
  });
  afterAll(() => app.close());

  describe('deep nesting', () => {
    it('refuses a JSON body nested deeper than 32 levels with 400, on sign-up and login, and stores nothing', async () => {
      const registration = newRegistration();
      const bodies = {
        'nested arrays': registrationWith(registration, `"public_name":${'['.repeat(1314)}${']'.repeat(1314)}`),
        'nested objects': registrationWith(registration, `"public_name":${'{"a":'.repeat(2373)}1${'}'.repeat(2373)}`),
      };
      for (const [name, body] of Object.entries(bodies)) {
        for (const path of ['/api/v1/users', '/api/v1/auth/login']) {
          const response = await postJson(app, path, body);
          expectProblem(response, 400);
          expect({ name, path, detail: response.body.detail }).toEqual({ name, path, detail: expect.stringContaining('32 levels') });
          expect(response.text).not.toContain('[[');
          expect(response.text).not.toContain('{"a"');
        }
      }
      // Nothing was stored: the username and the e-mail address are still free.
      await register(app, registration);
    });

    it('refuses at 33 levels, and lets 32 through to the validation of the fields', async () => {
      // The body's own object is the first level.
      const at = (levels: number) =>
        registrationWith(newRegistration(), `"public_name":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}`);
      const deepest = await postJson(app, '/api/v1/users', at(32));
      expectProblem(deepest, 400);
      expect(fieldsOf(deepest)).toEqual(expect.arrayContaining(['public_name']));
      const tooDeep = await postJson(app, '/api/v1/users', at(33));
      expectProblem(tooDeep, 400);
      expect(tooDeep.body.detail).toContain('32 levels');
      expect(tooDeep.body.errors).toEqual([]);
    });

    it('logs a refused deep body as a client error, with no stack and nothing at error level', async () => {
      const response = await postJson(app, '/api/v1/users', `{"a":${'['.repeat(2000)}${']'.repeat(2000)}}`).set(
        'X-Request-Id',
        'deep-body',
      );
      expectProblem(response, 400);
      await new Promise((resolve) => setTimeout(resolve, 50));

      const logged = lines.filter((line) => line.reqId === 'deep-body' || JSON.stringify(line).includes('deep-body'));
      expect(logged.filter((line) => line.level >= 50)).toEqual([]);
      expect(JSON.stringify(logged)).not.toMatch(/stack|RangeError/);
      expect(logged).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ reqId: 'deep-body', level: expect.any(Number), msg: expect.stringContaining('32 levels') }),
        ]),
      );
      const refusal = logged.find((line) => line.msg?.includes('32 levels'));
      expect([30, 40]).toContain(refusal?.level);
    });

    it('keeps form bodies flat: brackets in a name are part of the name', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .type('form')
        .send(`grant_type=password&username=ada%40example.com&password=x&a${'[b]'.repeat(100)}=1`);
      expectProblem(response, 400);
      expect(fieldsOf(response)).toEqual([`a${'[b]'.repeat(21)}…`]);
    });
  });

  describe('lone UTF-16 surrogates', () => {
    it('refuses a lone surrogate in any field of a sign-up with 400 naming the field, and stores nothing', async () => {
      const registration = newRegistration();
      for (const [field, value] of [
        ['email', '\udfff'],
        ['password', '\ud800abcdefgh'],
        ['username', 'ada\udc00'],
        ['public_name', 'Ada \ud83d'],
      ]) {
        const response = await app
          .http()
          .post('/api/v1/users')
          .send({ ...registration, [field]: value });
        expectProblem(response, 400);
        expect({ field, fields: fieldsOf(response) }).toEqual({ field, fields: [field] });
      }
      await register(app, registration);
    });

    it('refuses a lone surrogate in a login, JSON or form, with 400 rather than trying the password', async () => {
      const { registration } = await registerAndActivate(app);
      const json = await app.http().post('/api/v1/auth/login').send({ email: '\ud800@example.com', password: 'x' });
      expectProblem(json, 400);
      expect(fieldsOf(json)).toEqual(['email']);
      for (const password of ['\ud800abcdefgh', '\udbffabcdefgh']) {
        const response = await app.http().post('/api/v1/auth/login').send({ email: registration.email, password });
        expectProblem(response, 400);
        expect(fieldsOf(response)).toEqual(['password']);
      }
      await logIn(app, registration);
    });

    it('refuses a field name with a lone surrogate as an unknown field', async () => {
      const response = await postJson(app, '/api/v1/users', registrationWith(newRegistration(), '"x\\ud800":1'));
      expectProblem(response, 400);
      expect(response.body.errors).toHaveLength(1);
    });
  });

  describe('long names', () => {
    it('names an overlong unknown field in a few dozen characters, not at its full length', async () => {
      const name = `token${'[a]'.repeat(3_000)}`;
      const response = await app.http().get(`/api/v1/users/activate?${name}=1&token=x`);
      expectProblem(response, 400);
      expect(response.text.length).toBeLessThan(2_000);
      expect(response.text).not.toContain('[a]'.repeat(100));
    });
  });

  describe('bytes that are not UTF-8', () => {
    it('refuses a JSON body that is not valid UTF-8 with 400, so two bad bytes cannot stand for one password', async () => {
      const registration = newRegistration();
      const [before, after] = JSON.stringify({ ...registration, password: '@@abcdefgh' }).split('@@');
      const response = await app
        .http()
        .post('/api/v1/users')
        .set('Content-Type', 'application/json')
        // superagent's types want a string, but it writes a Buffer as it is: here, the bytes to test.
        .serialize((bytes: Buffer) => bytes as unknown as string)
        .send(Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(after)]));
      expectProblem(response, 400);
      await register(app, registration);
    });

    it('refuses a login form whose percent-encoding is not UTF-8 with 400 rather than trying the password', async () => {
      const { registration } = await registerAndActivate(app);
      for (const password of ['%C0abcdefgh', '%FFabcdefgh', '%E0%A4%A']) {
        const response = await app
          .http()
          .post('/api/v1/auth/login')
          .set('Content-Type', 'application/x-www-form-urlencoded')
          .send(`grant_type=password&username=${encodeURIComponent(registration.email)}&password=${password}`);
        expectProblem(response, 400);
      }
    });

    it('refuses JSON in another charset with 415', async () => {
      const registration = newRegistration();
      const response = await app
        .http()
        .post('/api/v1/users')
        .set('Content-Type', 'application/json; charset=utf-16')
        .send(JSON.stringify(registration));
      expectProblem(response, 415);
      await register(app, registration);
    });
  });

  describe('fields named like built-in members', () => {
    const builtIns = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', '__proto__'];

    it('refuses them in a sign-up as unknown fields, and stores nothing', async () => {
      const registration = newRegistration();
      for (const name of builtIns) {
        const response = await postJson(app, '/api/v1/users', registrationWith(registration, `${JSON.stringify(name)}:"x"`));
        expectProblem(response, 400);
        expect({ name, fields: fieldsOf(response) }).toEqual({ name, fields: [name] });
      }
      await register(app, registration);
    });

    it('refuses them in a query string, and the link is not used up', async () => {
      const registration = newRegistration();
      await register(app, registration);
      const link = await activationLink(app, registration.email);
      for (const name of builtIns) {
        const response = await app.http().get(`${link.pathname}${link.search}&${name}=1`).set('Accept', 'application/json');
        expectProblem(response, 400);
        expect({ name, fields: fieldsOf(response) }).toEqual({ name, fields: [name] });
      }
      expect((await app.http().get(`${link.pathname}${link.search}`)).status).toBe(200);
    });
  });

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
