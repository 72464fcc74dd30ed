import fc from 'fast-check';
import type { RawRequest } from './http-request';

/** The part of an OpenAPI operation the generator reads. */
export interface DocumentedRoute {
  method: string;
  /** The path template, e.g. `/api/v1/users/{id}`. */
  path: string;
  queryNames: string[];
  bodyFieldNames: string[];
  /**
   * Well-formed bodies: the operation's documented examples, and one made of its fields' examples
   * (an array of one such object when the body is an array).
   */
  exampleBodies: ExampleBody[];
  /** The body is a JSON array of objects, whose fields are `bodyFieldNames`. */
  arrayBody: boolean;
  consumes: string[];
}

type ExampleObject = Record<string, unknown>;
type ExampleBody = ExampleObject | ExampleObject[];

interface SchemaReference {
  type?: string;
  properties?: Record<string, { example?: unknown }>;
  items?: SchemaReference;
  $ref?: string;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: SchemaReference; examples?: Record<string, { value: ExampleBody }> }> };
}

type OpenApiDocument = {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, SchemaReference> };
};

/** Every documented operation of the API, with the names a client would fill in. */
export function documentedRoutes(spec: OpenApiDocument): DocumentedRoute[] {
  const resolve = (schema?: SchemaReference) =>
    schema?.$ref ? spec.components?.schemas?.[schema.$ref.split('/').pop() as string] : schema;
  const isArray = (schema?: SchemaReference) => resolve(schema)?.type === 'array';
  /** The schema of the objects a body carries: itself, or its items when it is an array. */
  const objectSchema = (schema?: SchemaReference) => (isArray(schema) ? resolve(resolve(schema)?.items) : resolve(schema));
  const schemaFields = (schema?: SchemaReference): string[] => Object.keys(objectSchema(schema)?.properties ?? {});
  const fieldExamples = (schema?: SchemaReference): ExampleBody[] => {
    const fields = Object.entries(objectSchema(schema)?.properties ?? {}).filter(([, property]) => property.example !== undefined);
    if (fields.length === 0) {
      return [];
    }
    const example = Object.fromEntries(fields.map(([name, property]) => [name, property.example]));
    return [isArray(schema) ? [example] : example];
  };
  return Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const content = operation.requestBody?.content ?? {};
      return {
        method: method.toUpperCase(),
        path,
        queryNames: (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name),
        bodyFieldNames: [...new Set(Object.values(content).flatMap((media) => schemaFields(media.schema)))],
        exampleBodies: Object.values(content).flatMap((media) => [
          ...Object.values(media.examples ?? {}).map((example) => example.value),
          ...fieldExamples(media.schema),
        ]),
        arrayBody: Object.values(content).some((media) => isArray(media.schema)),
        consumes: Object.keys(content),
      };
    }),
  );
}

/** Names an attacker tries besides the documented ones: built-in members and prototype keys. */
const HOSTILE_NAMES = ['constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

const LONE_SURROGATES = fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff');

/** Text as a hostile client writes it: any Unicode, lone surrogates, control characters, long runs. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.tuple(fc.string({ maxLength: 10 }), LONE_SURROGATES, fc.string({ maxLength: 10 })).map((parts) => parts.join('')),
  fc.constantFrom('', ' ', '\u0000', 'a@b', 'ada@example.com', '../../etc/passwd', '%00', 'x'.repeat(5_000)),
);

/** Any JSON value, some of them nested far deeper than a form would ever be. */
const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 3, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 3_000 }).map((depth) => nested(depth)) },
);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) {
    value = level % 2 === 0 ? [value] : { a: value };
  }
  return value;
}

/** A body as text: an object over the documented and hostile names, other JSON, or text that is no JSON at all. */
function bodyText(route: DocumentedRoute): fc.Arbitrary<string> {
  const names = fc.constantFrom(...route.bodyFieldNames, ...HOSTILE_NAMES, 'extra');
  const fields = fc.dictionary(names, hostileJsonValue, { maxKeys: 6 });
  const object = (route.arrayBody ? fc.array(fields, { maxLength: 4 }) : fields).map((body) => JSON.stringify(body));
  const examples = route.exampleBodies.length > 0 ? [{ weight: 3, arbitrary: exampleBody(route) }] : [];
  return fc.oneof(
    ...examples,
    { weight: 5, arbitrary: object },
    { weight: 2, arbitrary: hostileJsonValue.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.integer({ min: 20, max: 3_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
    { weight: 1, arbitrary: fc.constantFrom('{"email":"\\udfff"}', '{"password":"\\ud800abcdefgh"}', '{', '{"a":1,}', 'null', '') },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  );
}

/** Text as a URL carries it; a lone surrogate cannot be percent-encoded, so it stands in as `x`. */
function encodedOrX(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return 'x';
  }
}

/**
 * A documented example, as it is or with one field dropped or replaced by something hostile; in an
 * array body, a field of one of its elements, or the element itself.
 */
function exampleBody(route: DocumentedRoute): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...route.exampleBodies), fc.constantFrom('keep', 'drop', 'replace'), fc.nat(), fc.nat(), hostileJsonValue)
    .map(([example, change, pick, element, hostile]) => {
      if (!Array.isArray(example)) {
        return JSON.stringify(changed(example, change, pick, hostile));
      }
      const index = element % example.length;
      const elements: unknown[] = [...example];
      elements[index] = change === 'replace' && pick % 4 === 0 ? hostile : changed(example[index], change, pick, hostile);
      return JSON.stringify(elements);
    });
}

function changed(example: ExampleObject, change: string, pick: number, hostile: unknown): ExampleObject {
  const names = Object.keys(example);
  const name = names[pick % names.length];
  if (change === 'drop') {
    return { ...example, [name]: undefined };
  }
  return change === 'replace' ? { ...example, [name]: hostile } : example;
}

/** A path segment: an id, encoded text, a bad or overlong encoding. */
const pathSegment = fc.oneof(
  fc.uuid(),
  hostileText.map(encodedOrX),
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '..', '%2e%2e', 'x'.repeat(150), 'activate', 'me'),
);

function queryString(route: DocumentedRoute): fc.Arbitrary<string> {
  const names = fc.constantFrom(...route.queryNames, ...HOSTILE_NAMES, 'page', 'size', 'sort');
  const value = fc.oneof(hostileText.map(encodedOrX), fc.constantFrom('-1', '1e9', '%', '%ZZ', '0,desc'));
  return fc
    .array(fc.tuple(names, value), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, text]) => `${encodeURIComponent(name)}=${text}`).join('&')}`));
}

export interface Credentials {
  userAccessToken: string;
  adminAccessToken: string;
  refreshToken: string;
}

function authorization(credentials: Credentials): fc.Arbitrary<string | undefined> {
  return fc.constantFrom(
    undefined,
    `Bearer ${credentials.userAccessToken}`,
    `Bearer ${credentials.adminAccessToken}`,
    `Bearer ${credentials.refreshToken}`,
    'Bearer not.a.token',
    'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    'Basic YWRhOnNlY3JldA==',
    'Bearer',
  );
}

/** A request to one documented route, as any client, careless or hostile, could send it. */
export function requestTo(route: DocumentedRoute, credentials: Credentials): fc.Arbitrary<RawRequest> {
  const contentTypes = [
    ...route.consumes,
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    'multipart/form-data; boundary=x',
  ];
  return fc
    .record({
      segments: fc.array(pathSegment, { minLength: 1, maxLength: 1 }),
      query: queryString(route),
      body: fc.option(bodyText(route), { nil: undefined }),
      contentType: fc.option(fc.constantFrom(...contentTypes), { nil: undefined }),
      authorization: authorization(credentials),
      accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/problem+json'),
    })
    .map(({ segments, query, body, contentType, authorization: token, accept }) => {
      const headers: Record<string, string> = { accept };
      if (contentType && body !== undefined) {
        headers['content-type'] = contentType;
      }
      if (body !== undefined) {
        // Framed by its length: Node's client would send a GET's body unframed, as a second request.
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      if (token) {
        headers.authorization = token;
      }
      return { method: route.method, path: route.path.replace(/\{[^}]+\}/g, () => segments[0]) + query, headers, body };
    });
}
