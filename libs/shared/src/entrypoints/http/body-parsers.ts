import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ExtendRouteConfig } from './route-config';

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

/**
 * The bodies the API reads, for every route: JSON, and forms where a route accepts them. Any other
 * type (text/plain among them, which Fastify would otherwise read) is refused with 415 before a
 * byte of it is parsed. The form parser is registered through Nest, which then adds none of its own.
 */
export function useBodyParsers(app: NestFastifyApplication): void {
  app.getHttpAdapter().getInstance().removeContentTypeParser('text/plain');
  app.useBodyParser(FORM, {}, (request, body, done) => {
    if (!request.routeOptions.config.acceptsForm) {
      // An unknown route answers 404 whatever it was sent.
      return request.is404 ? done(null, undefined) : done(new UnsupportedMediaTypeException('The body must be JSON (application/json)'));
    }
    const form = parseForm(body);
    // Copied field by field onto another object, it would replace that object's prototype.
    if (Object.hasOwn(form, '__proto__')) {
      done(new BadRequestException('Object contains forbidden prototype property'));
      return;
    }
    done(null, form);
  });
}

/**
 * A form as flat fields (a name with brackets is just a name), in an object without a prototype;
 * a name sent more than once gets the list of its values, which no field's rules accept.
 */
function parseForm(body: Buffer): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
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
