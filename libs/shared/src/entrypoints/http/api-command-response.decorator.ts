import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

/** A command's success answer: the status, an empty body and the Location of what to GET next. */
export function ApiCommandResponse(status: 201 | 202, description: string): MethodDecorator {
  return applyDecorators(
    HttpCode(status),
    ApiResponse({
      status,
      description,
      headers: { Location: { description: 'the resource to GET', schema: { type: 'string' } } },
    }),
  );
}
