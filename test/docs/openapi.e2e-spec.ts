import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/test-app';

interface MediaType {
  schema?: { $ref?: string };
  example?: Record<string, unknown>;
  examples?: Record<string, { value: Record<string, unknown> }>;
}
interface Operation {
  operationId: string;
  tags: string[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Schema {
  properties: Record<string, { example?: unknown; description?: string; enum?: string[] }>;
  required?: string[];
}
interface OpenApi {
  tags: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, Schema>;
    securitySchemes: Record<string, { description?: string; flows: { password: { scopes: Record<string, string> } } }>;
  };
}

/** The spec at /docs-json read the way Swagger UI reads it: what a new user sees and pre-fills. */
describe('The OpenAPI document Swagger UI shows', () => {
  let app: TestApp;
  let spec: OpenApi;
  const operations = () => Object.values(spec.paths).flatMap((methods) => Object.values(methods));
  const schemaOf = (media: MediaType | undefined) => spec.components.schemas[String(media?.schema?.$ref).split('/').pop() as string];

  beforeAll(async () => {
    app = await startTestApp();
    spec = (await app.http().get('/docs-json')).body as OpenApi;
  });
  afterAll(() => app.close());

  it('is served as a page titled "Keepem API"', async () => {
    const page = await app.http().get('/docs').redirects(1);
    expect(page.text).toContain('<title>Keepem API</title>');
  });

  it('describes every tag, and gives operations ids without underscores (Swagger UI deep links)', () => {
    const used = new Set(operations().flatMap((operation) => operation.tags));
    expect([...used].sort()).toEqual(['assets', 'auth', 'health', 'keeps', 'legacy', 'operations', 'users']);
    for (const tag of used) {
      expect(spec.tags.find((described) => described.name === tag)?.description).toEqual(expect.any(String));
    }
    const ids = operations().map((operation) => operation.operationId);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(spec.paths['/api/v1/users'].post.operationId).toBe('usersRegister');
  });

  it('pre-fills a sign-up that registers, and leaves the optional referral code out of it', async () => {
    const body = spec.paths['/api/v1/users'].post.requestBody?.content['application/json'];
    const examples = Object.values(body?.examples ?? {});
    expect(examples).toHaveLength(1);
    expect(examples[0].value).not.toHaveProperty('referral_code');
    const schema = schemaOf(body);
    expect(schema.properties.referral_code).toBeDefined();
    expect(schema.properties.referral_code.example).toBeUndefined();
    expect(schema.required).not.toContain('referral_code');

    const registered = await app.http().post('/api/v1/users').send(examples[0].value);
    expect(registered.status).toBe(201);
  });

  it('documents every field of the login form and of the token answer', () => {
    const login = spec.paths['/api/v1/auth/login'].post;
    const form = schemaOf(login.requestBody?.content['application/x-www-form-urlencoded']);
    expect(Object.keys(form.properties)).toEqual(
      expect.arrayContaining(['grant_type', 'username', 'password', 'scope', 'refresh_token', 'client_id']),
    );
    expect(form.properties.grant_type.enum).toEqual(['password', 'refresh_token']);
    const json = schemaOf(login.requestBody?.content['application/json']);
    expect(Object.keys(json.properties)).toEqual(expect.arrayContaining(['email', 'password']));

    const tokens = schemaOf(login.responses['200'].content?.['application/json']);
    expect(Object.keys(tokens.properties)).toEqual(expect.arrayContaining(['access_token', 'token_type', 'expires_in', 'refresh_token']));
  });

  it('says what each scope is for, and that only administrators may ask for admin', () => {
    const scheme = spec.components.securitySchemes['access-token'];
    const { scopes } = scheme.flows.password;
    expect(Object.keys(scopes).sort()).toEqual(['admin', 'user']);
    expect(scopes.user).toMatch(/own/);
    expect(scopes.admin).toMatch(/administrators only/);
    expect(scopes.admin).toContain('400 invalid_scope');
  });

  it('gives every error status an example of its own', () => {
    const examples = new Map<string, Record<string, unknown>>();
    for (const operation of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const problem = response.content?.['application/problem+json'];
        if (!problem) {
          continue;
        }
        expect({ operation: operation.operationId, status, example: problem.example?.status }).toEqual({
          operation: operation.operationId,
          status,
          example: Number(status),
        });
        examples.set(status, problem.example as Record<string, unknown>);
      }
    }
    expect([...examples.keys()].sort()).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '413', '415', '422', '429']));
    const details = [...examples.values()].map((example) => example.detail);
    expect(new Set(details).size).toBe(details.length);
  });

  it('shows the OAuth2 error of each failed login in its example', () => {
    const { responses } = spec.paths['/api/v1/auth/login'].post;
    const errors = Object.fromEntries(
      ['400', '401', '403', '429'].map((status) => [status, responses[status].content?.['application/problem+json'].example?.error]),
    );
    expect(errors).toEqual({ 400: 'invalid_scope', 401: 'invalid_grant', 403: 'invalid_grant', 429: 'temporarily_unavailable' });
    expect(responses['403'].content?.['application/problem+json'].example?.error_description).toMatch(/not activated/);
  });
});
