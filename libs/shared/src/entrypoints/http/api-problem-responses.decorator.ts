import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an e-mail address' }) message: string;
}

export class ProblemDetailsDto {
  @ApiProperty({ example: 'about:blank' }) type: string;
  @ApiProperty({ example: 'Bad Request' }) title: string;
  @ApiProperty({ example: 400 }) status: number;
  @ApiProperty({ example: 'The request is not valid' }) detail: string;
  @ApiPropertyOptional({ example: '/api/v1/users' }) instance?: string;
  @ApiProperty({ type: [FieldErrorDto] }) errors: FieldErrorDto[];
  @ApiProperty({ example: '5f0c2a1e-…' }) request_id: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid (one entry per field in `errors`)',
  401: 'Missing, invalid or expired token, or wrong credentials',
  403: 'Authenticated but not allowed',
  404: 'Not found, or not yours',
  409: 'Conflicts with existing data',
  413: 'The body is too large',
  415: 'Unsupported content type',
  422: 'Well-formed but breaks a business rule',
  429: 'Too many attempts; see Retry-After',
};

/** Documents error answers as RFC 9457 problem documents. */
export function ApiProblemResponses(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error',
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}
