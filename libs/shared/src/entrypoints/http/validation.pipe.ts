import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInputError } from '../../domain/domain-error';

/** A request the validation pipe refused: its fields are named as the request named them. */
export class InvalidRequestError extends InvalidInputError {}

/**
 * The names of the members every object inherits, and `prototype`. class-transformer skips a key
 * its target already answers to and Nest strips the prototype keys, so whitelisting never sees such
 * a field: it would be dropped without a word, where any other unknown field is refused.
 */
const BUILT_IN_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The global input gate: unknown fields are refused rather than dropped, so a typo never silently
 * does nothing, and every broken field is reported at once. Fields of a body, a query or a path
 * parameter named like built-in members are refused as unknown, beside what the DTO's rules find.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') {
      return super.transform(value, metadata);
    }
    const builtIns = builtInMembersIn(value, metadata.data ?? '');
    if (builtIns.length === 0) {
      return super.transform(value, metadata);
    }
    let others: FieldError[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof InvalidRequestError)) {
        throw error;
      }
      others = error.fieldErrors;
    }
    throw new InvalidRequestError('The request is not valid', [...builtIns, ...others]);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
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

/** Walks a value as the request sent it, with a stack of its own rather than recursion. */
function builtInMembersIn(value: unknown, root: string): FieldError[] {
  const found: FieldError[] = [];
  const seen = new WeakSet<object>();
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path } = next;
    if (!isPlainContainer(current) || seen.has(current)) {
      continue;
    }
    seen.add(current);
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (BUILT_IN_MEMBERS.has(key) && !Array.isArray(current)) {
        found.push({ field, message: `property ${key} should not exist` });
      }
      pending.push({ value: (current as Record<string, unknown>)[key], path: field });
    }
  }
  return found;
}

/**
 * What a parser makes of a body or a query: arrays and records, with or without a prototype (the
 * query parser's records inherit from an object that has none). Anything else is left alone.
 */
function isPlainContainer(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const prototype = Object.getPrototypeOf(value) as object | null;
  return Array.isArray(value) || prototype === null || Object.getPrototypeOf(prototype) === null;
}
