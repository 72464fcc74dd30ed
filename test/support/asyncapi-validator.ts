import specs from '@asyncapi/specs';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

type Json = { [key: string]: unknown };

const specAjv = new Ajv({ allErrors: true, strict: false });
addFormats(specAjv);
const validateAgainstSpec = specAjv.compile(specs.schemasWithoutId['3.0.0']);

/** Payload and header schemas are held to strict mode: a misspelt keyword is an error, not a no-op. */
const schemaAjv = new Ajv({ allErrors: true, strict: true });
addFormats(schemaAjv);

const describeErrors = (where: string, errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => `${where}${error.instancePath} ${error.message ?? ''} ${JSON.stringify(error.params)}`);

function resolvePointer(document: Json, pointer: string): unknown {
  return pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Json)[part] : undefined), document);
}

function refsIn(node: unknown, path: string, found: Array<{ at: string; ref: string }> = []): Array<{ at: string; ref: string }> {
  if (Array.isArray(node)) {
    node.forEach((item, index) => refsIn(item, `${path}/${index}`, found));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        found.push({ at: path, ref: value });
      } else {
        refsIn(value, `${path}/${key}`, found);
      }
    }
  }
  return found;
}

/** `node` with every local `$ref` replaced by what it points to (the document has no cycles). */
function dereferenced(document: Json, node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => dereferenced(document, item));
  }
  if (node && typeof node === 'object') {
    const { $ref, ...rest } = node as Json;
    if (typeof $ref === 'string' && Object.keys(rest).length === 0) {
      return dereferenced(document, resolvePointer(document, $ref));
    }
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, dereferenced(document, value)]));
  }
  return node;
}

function compiled(where: string, schema: unknown, problems: string[]) {
  try {
    return schemaAjv.compile(schema as Json);
  } catch (error) {
    problems.push(`${where} does not compile: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/**
 * What is wrong with an AsyncAPI 3.0.0 document, empty when nothing is: its shape against the
 * specification's JSON Schema (@asyncapi/specs), and what that schema cannot see: every local
 * `$ref` must resolve, an operation's messages must be its channel's, each message's payload and
 * headers must compile as JSON Schemas, and its examples must satisfy them.
 */
export function asyncApiProblems(document: Json): string[] {
  const problems: string[] = [];
  if (!validateAgainstSpec(document)) {
    problems.push(...describeErrors('spec: ', validateAgainstSpec.errors));
  }
  for (const { at, ref } of refsIn(document, '#')) {
    if (!ref.startsWith('#/') || resolvePointer(document, ref) === undefined) {
      problems.push(`${at}: $ref ${ref} points to nothing in the document`);
    }
  }
  const operations = (document.operations ?? {}) as Record<string, Json>;
  for (const [id, operation] of Object.entries(operations)) {
    const channel = (operation.channel as Json | undefined)?.$ref;
    for (const message of (operation.messages ?? []) as Json[]) {
      if (typeof channel !== 'string' || !String(message.$ref).startsWith(`${channel}/messages/`)) {
        problems.push(`operation ${id}: message ${String(message.$ref)} is not one of its channel's (${String(channel)})`);
      }
    }
  }
  const messages = ((document.components as Json | undefined)?.messages ?? {}) as Record<string, Json>;
  for (const [id, message] of Object.entries(messages)) {
    const payload =
      message.payload === undefined ? undefined : compiled(`message ${id}: payload`, dereferenced(document, message.payload), problems);
    const headers =
      message.headers === undefined ? undefined : compiled(`message ${id}: headers`, dereferenced(document, message.headers), problems);
    for (const [index, example] of ((message.examples ?? []) as Json[]).entries()) {
      if (payload && 'payload' in example && !payload(example.payload)) {
        problems.push(...describeErrors(`message ${id}: example ${index} payload`, payload.errors));
      }
      if (headers && 'headers' in example && !headers(example.headers)) {
        problems.push(...describeErrors(`message ${id}: example ${index} headers`, headers.errors));
      }
    }
  }
  return problems;
}
