import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, RawServerDefault } from 'fastify';
import type { FieldError } from '../../domain/domain-error';
import { ExtendRouteConfig } from './route-config';
import { InvalidRequestError } from './validation.pipe';

/**
 * The deepest a JSON body may nest arrays and objects, its own top-level value counting as one.
 * No request of the API needs more than a few levels; validation walks what it is given
 * recursively, so a body nested thousands deep would overflow the stack instead of being refused.
 */
export const MAX_JSON_DEPTH = 32;

const FORM = 'application/x-www-form-urlencoded';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes a form-encoded body; every other route takes JSON only. */
    acceptsForm?: boolean;
  }
}

/**
 * Lets a route take `application/x-www-form-urlencoded` besides JSON. A form is what a page on any
 * other site can send without the browser asking first (no CORS preflight), so only a route that a
 * standard requires to take one (the OAuth2 token endpoint) says so.
 */
export function AcceptsForm(): MethodDecorator {
  return ExtendRouteConfig({ acceptsForm: true });
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The bodies the API reads, for every route: JSON, and forms where a route accepts them. Any other
 * type (text/plain among them, which Fastify would otherwise read) is refused with 415 before a
 * byte of it is parsed. Registered through Nest, which then adds no parser of its own for them.
 */
export function useBodyParsers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Prototype keys are kept by this parse and refused below, by name, rather than failing the body.
  const parseJson = fastify.getDefaultJsonParser('ignore', 'ignore');
  fastify.removeContentTypeParser('text/plain');
  app.useBodyParser<RawServerDefault>('application/json', {}, (request, body, done) => {
    if (!declaresUtf8(request.headers['content-type'])) {
      done(new UnsupportedMediaTypeException('JSON bodies are read as UTF-8 only'));
      return;
    }
    const text = strictUtf8(body);
    if (text === undefined) {
      done(new BadRequestException(NOT_UTF8));
      return;
    }
    if (nestsDeeperThan(body, MAX_JSON_DEPTH)) {
      // A client's mistake, or a probe: one line, no stack, and nothing at error level.
      request.log.info(`Refused a JSON body nested deeper than ${MAX_JSON_DEPTH} levels`);
      done(new BadRequestException(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`));
      return;
    }
    parseJson(request, text, (error: Error | null, value?: unknown) => (error ? done(error) : refusePrototypeKeys(value, done)));
  });
  app.useBodyParser(FORM, {}, (request, body, done) => {
    if (!request.routeOptions.config.acceptsForm) {
      done(unreadBodyRefusal(request) ?? null);
      return;
    }
    const form = parseForm(body);
    if (form === undefined) {
      done(new BadRequestException(NOT_UTF8));
      return;
    }
    refusePrototypeKeys(form, done);
  });
}

/**
 * The answer to a body of a type its route does not read: 415, except on a path no route answers,
 * which is 404 whatever it was sent (undefined: the body is left unread, and that 404 follows).
 * Every parser and hook that refuses a body's type refuses it through this.
 */
export function unreadBodyRefusal(request: Pick<FastifyRequest, 'is404'>): Error | undefined {
  return request.is404 ? undefined : new UnsupportedMediaTypeException('The body must be JSON (application/json)');
}

/**
 * Bytes that are not UTF-8 (or percent-escapes that decode to such bytes) are refused rather than
 * read leniently: a lenient reading turns each bad byte into U+FFFD, so two different passwords
 * would become one.
 */
const NOT_UTF8 = 'The body is not valid UTF-8';
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function strictUtf8(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** JSON is UTF-8 (RFC 8259); a media type naming another charset is refused, not misread. */
function declaresUtf8(contentType: string | undefined): boolean {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  return charset === undefined || /^utf-?8$/i.test(charset);
}

/**
 * Whether JSON text opens more than `limit` arrays and objects inside one another, told by scanning
 * its bytes once, without parsing and without recursion. Brackets inside strings are skipped; every
 * byte of a multi-byte UTF-8 character is above 0x7f, so none is taken for a bracket or a quote.
 * Exact for valid JSON; for invalid JSON either answer is followed by a 400.
 */
export function nestsDeeperThan(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < json.length; index += 1) {
    const byte = json[index];
    if (inString) {
      if (byte === BACKSLASH) {
        index += 1;
      } else if (byte === QUOTE) {
        inString = false;
      }
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      depth += 1;
      if (depth > limit) {
        return true;
      }
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth -= 1;
    }
  }
  return false;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * A form as flat fields (a name with brackets is just a name), in an object without a prototype;
 * a name sent more than once gets the list of its values, which no field's rules accept. Undefined
 * when its bytes or its percent-escapes are not UTF-8.
 */
function parseForm(body: Buffer): Record<string, string | string[]> | undefined {
  const text = strictUtf8(body);
  const pairs = text === undefined ? undefined : decodeFormPairs(text);
  if (pairs === undefined) {
    return undefined;
  }
  const form: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of pairs) {
    const previous = form[name];
    if (previous === undefined) {
      form[name] = value;
    } else if (Array.isArray(previous)) {
      previous.push(value);
    } else {
      form[name] = [previous, value];
    }
  }
  return form;
}

/**
 * `__proto__` and `constructor` keys, wherever they are, refused as unknown fields and named: code
 * that later copies the body field by field could otherwise set an object's prototype with them.
 */
function refusePrototypeKeys(body: unknown, done: Done): void {
  const errors: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string }> = [{ value: body, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path } = next;
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key === '__proto__' || key === 'constructor') {
        errors.push({ field, message: `property ${key} should not exist` });
      }
      pending.push({ value: item, path: field });
    }
  }
  done(errors.length > 0 ? new InvalidRequestError('The request is not valid', errors) : null, errors.length > 0 ? undefined : body);
}

/** `name=value&…` decoded as URLSearchParams does, except that a bad escape refuses the form instead of becoming U+FFFD. */
function decodeFormPairs(text: string): [string, string][] | undefined {
  const decode = (part: string) => decodeURIComponent(part.replaceAll('+', ' '));
  try {
    return text
      .split('&')
      .filter(Boolean)
      .map((pair) => {
        const separator = pair.indexOf('=');
        return separator === -1 ? [decode(pair), ''] : [decode(pair.slice(0, separator)), decode(pair.slice(separator + 1))];
      });
  } catch {
    return undefined;
  }
}
