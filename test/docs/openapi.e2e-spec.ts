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

  beforeAll(async () => {
    app = await startTestApp();
    spec = (await app.http().get('/docs-json')).body as OpenApi;
  });
  afterAll(() => app.close());

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
    expect([...examples.keys()].sort()).toEqual(expect.arrayContaining(['400', '401', '403', '404', '409', '422', '429']));
    const details = [...examples.values()].map((example) => example.detail);
    expect(new Set(details).size).toBe(details.length);
  });
});
