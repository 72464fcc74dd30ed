import { applyDecorators, type Type } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiOkResponse, type ApiResponseSchemaHost } from '@nestjs/swagger';

/** An OpenAPI 3.0 schema object: JSON Schema as Swagger and fast-json-stringify both read it. */
export type ResponseSchema = ApiResponseSchemaHost['schema'];

/** An answer Swagger knows as a named model, and Fastify as the same schema written out in full. */
export interface DocumentedModel {
  readonly model: Type<unknown>;
  readonly schema: ResponseSchema;
}

/**
 * A query's 200 answer, described once in JSON Schema: Swagger documents it, and Fastify serializes
 * the answer with it (fast-json-stringify, compiled when the route is registered). So only the
 * documented fields ever leave, whatever the handler returns, and the JSON is written from a
 * known shape instead of being discovered by `JSON.stringify` on every request.
 * A `DocumentedModel` (e.g. a `halResource`) is documented as its named model, a bare schema inline.
 */
export function ApiResourceResponse(description: string, answer: DocumentedModel | ResponseSchema): MethodDecorator {
  const documented = isDocumentedModel(answer)
    ? ApiOkResponse({ type: answer.model, description })
    : ApiOkResponse({ schema: answer, description });
  const schema = isDocumentedModel(answer) ? answer.schema : answer;
  return applyDecorators(documented, RouteSchema({ response: { 200: schema } }));
}

function isDocumentedModel(answer: DocumentedModel | ResponseSchema): answer is DocumentedModel {
  return 'model' in answer && typeof answer.model === 'function';
}
