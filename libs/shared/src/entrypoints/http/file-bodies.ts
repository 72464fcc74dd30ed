import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest, onResponseHookHandler, preParsingHookHandler, RouteOptions } from 'fastify';
import { unreadBodyRefusal } from './body-parsers';
import { ExtendRouteConfig } from './route-config';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route takes a file as its body, streamed, never buffered: `multipart/form-data` (read
     * with `request.parts()`), or any other type as the raw bytes of the file (`request.body` is
     * then the request's stream, and `fileBodyType(request)` the type it was sent as).
     */
    acceptsFile?: boolean;
    /** The route answers with a file's own bytes, which are never compressed (a Range names bytes of the file). */
    servesFile?: boolean;
  }
}

export function AcceptsFile(): MethodDecorator {
  return ExtendRouteConfig({ acceptsFile: true });
}

export function ServesFile(): MethodDecorator {
  return ExtendRouteConfig({ servesFile: true });
}

/**
 * The media type a raw file body is parsed as. A route that takes files renames whatever type was
 * sent to this one before Fastify picks a parser, so that JSON, forms and text reach it as bytes
 * like any other type instead of being read whole by their own parsers; the type sent stays in
 * the raw request's headers.
 */
const FILE_STREAM = 'application/x-keepem-file-stream';

/** The Content-Type a raw file body was sent with, as the client wrote it. */
export function fileBodyType(request: FastifyRequest): string | undefined {
  return request.raw.headers['content-type'];
}

/**
 * Lets the routes that say so take a file, streamed: `multipart/form-data` through
 * @fastify/multipart, or the raw request stream for any other type. Every other route refuses both
 * with 415 (the multipart plugin's parser would otherwise hand them an empty body). Registered
 * before the routes are, since it adds to them as they are registered.
 */
export async function useFileBodies(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.acceptsFile) {
      route.preParsing = [...asList(route.preParsing), readRawUnlessMultipart];
      route.onResponse = [...asList(route.onResponse), stopReadingWhatWasRefused];
    }
    if (route.config?.acceptsFile || route.config?.servesFile) {
      // A streamed file is neither buffered nor compressed on its way in or out.
      Object.assign(route, { compress: false });
    }
  });
  // Limits a route does not set refuse everything but one file part: a route passes its own fileSize.
  await app.register(multipart, { limits: { fields: 0, files: 1, parts: 1, fileSize: 0 } });
  fastify.addContentTypeParser(FILE_STREAM, (request, payload, done) => {
    if (request.routeOptions.config.acceptsFile) {
      done(null, payload);
    } else {
      done(unreadBodyRefusal(request) ?? null);
    }
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    done(request.isMultipart() && !request.routeOptions.config.acceptsFile ? unreadBodyRefusal(request) : undefined);
  });
}

const readRawUnlessMultipart: preParsingHookHandler = (request, _reply, payload, done) => {
  if (!/^multipart\/form-data\s*(;|$)/i.test(request.raw.headers['content-type'] ?? '')) {
    request.headers = { 'content-type': FILE_STREAM };
  }
  done(null, payload);
};

/**
 * How long the rest of a refused file is still read, and dropped, after the answer. Closing a
 * connection the client is still sending on resets it, and a reset can destroy the answer before
 * the client reads it; reading on for a moment lets the client see why it was stopped.
 */
const LINGER_AFTER_REFUSAL_MS = 1000;

/**
 * A file refused before its end (too large, not the one declared, not allowed) is read no further:
 * what still arrives is dropped, and the connection is closed unless the request ends in a moment.
 */
const stopReadingWhatWasRefused: onResponseHookHandler = (request, _reply, done) => {
  const raw = request.raw;
  if (!raw.complete && !raw.destroyed) {
    raw.unpipe();
    raw.resume();
    const timer = setTimeout(() => raw.socket?.destroy(), LINGER_AFTER_REFUSAL_MS);
    timer.unref();
    raw.once('end', () => clearTimeout(timer));
  }
  done();
};

function asList<Hook>(hooks: Hook | Hook[] | undefined): Hook[] {
  return hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
}
