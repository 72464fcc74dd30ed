import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { assignRequestId, ASYNCAPI_PATH, createValidationPipe, pathOf, useBodyParsers, useFileBodies } from '@keepem/shared/http';
import { BoundedRateLimitStore } from './bounded-rate-limit.store';
import { answerEveryErrorAsProblem, COMPRESS_ERROR_OPTIONS, FRAMEWORK_ERROR_OPTIONS } from './framework-errors';
import { useApiSecurityHeaders } from './security-headers';
import { setUpSwagger } from './swagger';

/** Largest JSON or form body accepted; files arrive on their own upload route. */
const BODY_LIMIT_BYTES = 64 * 1024;

export interface RequestLog {
  level: string;
  stream: DestinationStream;
}

/**
 * Fastify's own pino logger writes the request log ("incoming request", "request completed", with
 * the request id; never a header, never a query, which may carry an activation token): it is
 * already there for every request, where a pino-http middleware would add a second logger and its
 * work to each one.
 */
export function createHttpAdapter(requestLog: RequestLog): FastifyAdapter {
  const logger = { ...requestLog, serializers: { req: loggedRequest } };
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, genReqId: assignRequestId, logger, ...FRAMEWORK_ERROR_OPTIONS });
  answerEveryErrorAsProblem(adapter.getInstance());
  return adapter;
}

function loggedRequest(request: FastifyRequest) {
  return { method: request.method, url: pathOf(request.url), host: request.host, remoteAddress: request.ip };
}

/** Everything the API needs around the modules, shared by main.ts and the e2e suites. */
export async function configureHttpApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<KernelConfig>(kernelConfig.KEY);
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api/v1', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'version', method: RequestMethod.GET },
      { path: ASYNCAPI_PATH, method: RequestMethod.GET },
    ],
  });
  useBodyParsers(app);
  await useFileBodies(app);
  app.useGlobalPipes(createValidationPipe());
  if (config.corsOrigins.length > 0) {
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['Location', 'X-Request-Id', 'Retry-After'] });
  }
  useApiSecurityHeaders(app);
  await app.register(compress, COMPRESS_ERROR_OPTIONS);
  // Off by default: only the routes that ask for a limit get one (the users context's guards do).
  // Counts are kept in this process, in a store no one can flush (see BoundedRateLimitStore).
  await app.register(rateLimit, { global: false, store: BoundedRateLimitStore });
  // Set as the request arrives, in a callback hook: an async onSend hook would cost a promise per answer.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.header('X-Request-Id', request.id);
      done();
    });
  setUpSwagger(app);
  app.enableShutdownHooks(['SIGINT', 'SIGTERM', 'SIGHUP']);
}
