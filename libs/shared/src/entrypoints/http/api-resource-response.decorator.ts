import { applyDecorators } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, type ApiResponseSchemaHost } from '@nestjs/swagger';

/** An OpenAPI 3.0 schema object: JSON Schema as Swagger and fast-json-stringify both read it. */
export type ResponseSchema = ApiResponseSchemaHost['schema'];

/**
 * A query's 200 answer, described once in JSON Schema: Swagger documents it, and Fastify serializes
 * the answer with it (fast-json-stringify, compiled when the route is registered). So only the
 * documented fields ever leave, whatever the handler returns, and the JSON is written from a
 * known shape instead of being discovered by `JSON.stringify` on every request.
 */
export function ApiResourceResponse(description: string, schema: ResponseSchema): MethodDecorator {
  return applyDecorators(ApiOkResponse({ schema, description }), RouteSchema({ response: { 200: schema } }));
}
