import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInputError } from '../../domain/domain-error';

/** A request the validation pipe refused: its fields are named as the request named them. */
export class InvalidRequestError extends InvalidInputError {}

/**
 * The global input gate: unknown fields are refused rather than dropped, so a typo never silently
 * does nothing, and every broken field is reported at once.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidRequestError('The request is not valid', flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
