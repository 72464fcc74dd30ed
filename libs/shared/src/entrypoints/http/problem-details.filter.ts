import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, Optional } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, FieldError, UnavailableError } from '../../domain/domain-error';
import { API_FIELD_NAMES, apiFieldName, type ApiFieldNames } from './api-field-names';
import { ApplicationError } from './application-error.event';
import { pathOf } from './request-path';
import { PROBLEM_CONTENT_TYPE, problemDetails, STATUS_BY_ERROR_KIND } from './problem-details';
import { InvalidRequestError } from './validation.pipe';
import { prefersHtml, routeProblemOptions } from './route-problems';

interface ErrorWithStatus {
  statusCode: number;
  message: string;
}

/**
 * Turns every error into an RFC 9457 answer. Domain errors keep their message (it was written for
 * the client), and the fields they name are given the API's names (API_FIELD_NAMES); a refused
 * request's fields already have them. Anything unexpected becomes a bare 500, is logged, and is
 * published as an ApplicationError.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(
    private readonly eventBus: EventBus,
    @Optional() @Inject(API_FIELD_NAMES) private readonly renamed: ApiFieldNames = {},
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, detail, errors } = this.describe(exception, request);
    if (status === 401) {
      void reply.header('WWW-Authenticate', 'Bearer');
    }
    if (exception instanceof UnavailableError) {
      void reply.header('Retry-After', String(exception.retryAfterSeconds));
    }
    // A path no route matches is the client's text alone: it is neither named nor repeated.
    const problem =
      request.is404 && status === 404
        ? problemDetails(404, 'No route answers this method and path', String(request.id), undefined, [])
        : problemDetails(status, detail, String(request.id), pathOf(request.url), errors);
    const route = routeProblemOptions(request);
    if (route.page && prefersHtml(request.headers.accept)) {
      void reply.status(status).header('Content-Type', 'text/html; charset=utf-8').send(route.page(problem));
      return;
    }
    void reply
      .status(status)
      .header('Content-Type', PROBLEM_CONTENT_TYPE)
      .send(route.members ? { ...problem, ...route.members(problem) } : problem);
  }

  private describe(exception: unknown, request: FastifyRequest): { status: number; detail: string; errors: FieldError[] } {
    if (exception instanceof DomainError) {
      return { status: STATUS_BY_ERROR_KIND[exception.kind], detail: exception.message, errors: this.apiFieldErrors(exception) };
    }
    if (exception instanceof HttpException) {
      return { status: exception.getStatus(), detail: httpExceptionDetail(exception), errors: [] };
    }
    if (isClientErrorFromFastify(exception)) {
      return { status: exception.statusCode, detail: exception.message, errors: [] };
    }
    const error = exception instanceof Error ? exception : new Error(String(exception));
    const path = pathOf(request.url);
    this.logger.error(`Unexpected ${error.name} on ${request.method} ${path} [${String(request.id)}]: ${error.message}`, error.stack);
    this.eventBus.publish(new ApplicationError(String(request.id), request.method, path, error.name, error.message, new Date()));
    return { status: 500, detail: 'An unexpected error occurred; it has been logged', errors: [] };
  }

  private apiFieldErrors(exception: DomainError): FieldError[] {
    if (exception instanceof InvalidRequestError) {
      return exception.fieldErrors;
    }
    return exception.fieldErrors.map(({ field, message }) => ({ field: apiFieldName(field, this.renamed), message }));
  }
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'message' in response) {
    const message = (response as { message: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message);
  }
  return exception.message;
}

/**
 * Fastify's own errors (bad JSON, body too large, wrong content type) carry a 4xx statusCode. Read by
 * shape, not `instanceof Error`: errors Node's own modules raise (zlib, an aborted stream) may come
 * from another realm, where that check is false.
 */
export function isClientErrorFromFastify(error: unknown): error is ErrorWithStatus {
  const { statusCode, message } = (typeof error === 'object' && error !== null ? error : {}) as Partial<ErrorWithStatus>;
  return typeof message === 'string' && typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}
