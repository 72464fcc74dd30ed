import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import type { FieldError } from '../../domain/domain-error';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails, problemDetails } from './problem-details';

class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an e-mail address' }) message: string;
}

export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'The request is not valid' }) detail: string;
  @ApiPropertyOptional({ example: '/api/v1/users', description: 'the path asked for, without its query' }) instance?: string;
  @ApiProperty({ type: [FieldErrorDto] }) errors: FieldErrorDto[];
  @ApiProperty({ example: '5f0c2a1e-…' }) request_id: string;
}

interface UsualProblem {
  description: string;
  detail: string;
  errors?: FieldError[];
}

/** What each status means here, and a typical answer, so every status's example is its own. */
const USUAL_PROBLEMS: Record<number, UsualProblem> = {
  400: {
    description: 'The request is malformed or a field is invalid (one entry per field in `errors`)',
    detail: 'The request is not valid',
    errors: [{ field: 'email', message: 'email must be an e-mail address' }],
  },
  401: {
    description: 'Missing, invalid or expired token, or wrong credentials',
    detail: 'A bearer token is required in the Authorization header',
  },
  403: { description: 'Authenticated but not allowed', detail: 'This needs the admin scope' },
  404: { description: 'Not found, or not yours', detail: 'User was not found' },
  409: {
    description: 'Conflicts with existing data',
    detail: 'That username is taken',
    errors: [{ field: 'username', message: 'username is already taken' }],
  },
  413: { description: 'The body is too large', detail: 'Request body is too large' },
  415: { description: 'Unsupported content type', detail: 'Unsupported Media Type' },
  422: {
    description: 'Well-formed but breaks a business rule',
    detail: 'No user has that referral code',
    errors: [{ field: 'referral_code', message: 'referral_code is unknown' }],
  },
  429: { description: 'Too many attempts; see Retry-After', detail: 'Too many login attempts; try again in 42 s' },
  500: { description: 'An unexpected error; it has been logged', detail: 'An unexpected error occurred; it has been logged' },
  503: { description: 'Too busy to take this on now; see Retry-After', detail: 'Too many passwords are being checked; try again in 2 s' },
};

const EXAMPLE_REQUEST_ID = '5f0c2a1e-8d3b-4c6f-9a7e-2b1d0c4e6f80';

/** One documented error answer; what is left out is the status's usual description and example. */
export interface ProblemResponse {
  status: number;
  description?: string;
  /** Members of the example that differ from the usual one, extension members included. */
  example?: Partial<ProblemDetails> & Record<string, unknown>;
  /** The answer's model when the route adds extension members to its problem documents. */
  type?: Type<ProblemDetailsDto>;
}

/**
 * An example problem document for `status`, as the filter would write it. It has no `instance`:
 * that names the route, and one status's example serves many routes.
 */
export function problemExample(status: number, overrides: ProblemResponse['example'] = {}): ProblemDetails & Record<string, unknown> {
  const usual = USUAL_PROBLEMS[status] ?? { detail: 'The request failed' };
  return { ...problemDetails(status, usual.detail, EXAMPLE_REQUEST_ID, undefined, usual.errors), ...overrides };
}

/** Documents error answers as RFC 9457 problem documents, each status with an example of its own. */
export function ApiProblemResponses(...responses: Array<number | ProblemResponse>): MethodDecorator & ClassDecorator {
  const described = responses.map((response) => (typeof response === 'number' ? { status: response } : response));
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto, ...described.flatMap((response) => (response.type ? [response.type] : []))),
    ...described.map(({ status, description, example, type }) =>
      ApiResponse({
        status,
        description: description ?? USUAL_PROBLEMS[status]?.description ?? 'Error',
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(type ?? ProblemDetailsDto) },
            example: problemExample(status, example),
          },
        },
      }),
    ),
  );
}
