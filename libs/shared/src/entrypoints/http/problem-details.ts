import { DomainErrorKind, FieldError } from '../../domain/domain-error';

/** RFC 9457 body every error answer carries. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors: FieldError[];
  request_id: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The one place where a domain error becomes an HTTP status. */
export const STATUS_BY_ERROR_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  timed_out: 408,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemDetails(
  status: number,
  detail: string,
  requestId: string,
  instance?: string,
  errors: FieldError[] = [],
): ProblemDetails {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail, instance, errors, request_id: requestId };
}
