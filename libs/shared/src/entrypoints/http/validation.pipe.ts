/// <reference lib="es2024.string" />
import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, InvalidInputError } from '../../domain/domain-error';

/** A request the validation pipe refused: its fields are named as the request named them. */
export class InvalidRequestError extends InvalidInputError {
  /**
   * Field names come from the client, unknown ones included: each is cut short, so that an answer
   * never repeats a long name at length (a long query key would otherwise come back twice).
   */
  constructor(message: string, fieldErrors: FieldError[]) {
    super(
      message,
      fieldErrors.map(({ field, message: text }) => ({
        field: cutShort(field, MAX_FIELD_LENGTH),
        message: cutShort(text, MAX_MESSAGE_LENGTH),
      })),
    );
  }
}

const MAX_FIELD_LENGTH = 64;
const MAX_MESSAGE_LENGTH = 200;

function cutShort(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

/**
 * The names of the members every object inherits, and `prototype`. class-transformer skips a key
 * its target already answers to and Nest strips the prototype keys, so whitelisting never sees such
 * a field: it would be dropped without a word, where any other unknown field is refused.
 */
const BUILT_IN_MEMBERS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * The global input gate: unknown fields are refused rather than dropped, so a typo never silently
 * does nothing, and every broken field is reported at once.
 *
 * Before the DTO's rules, every string of a body, a query or a path parameter, at any depth and in
 * field names too, must be well-formed Unicode: a lone UTF-16 surrogate makes validators throw, and
 * two passwords that differ only in one would hash alike once encoded as UTF-8. Fields named like
 * built-in members are refused as unknown, beside what the DTO's rules find.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') {
      return super.transform(value, metadata);
    }
    const { illFormed, builtIns } = inspectInput(value, metadata.data ?? '', metadata.type);
    if (illFormed.length > 0) {
      throw new InvalidRequestError('The request is not valid', illFormed);
    }
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

interface InputProblems {
  illFormed: FieldError[];
  builtIns: FieldError[];
}

/**
 * Walks a value as the request sent it, with a stack of its own rather than recursion. Fields are
 * named by their path (`items.0.name`), spelled in well-formed Unicode so that the answer naming
 * them is well-formed too.
 */
function inspectInput(value: unknown, root: string, source: string): InputProblems {
  const problems: InputProblems = { illFormed: [], builtIns: [] };
  const seen = new WeakSet<object>();
  const pending: Array<{ value: unknown; path: string }> = [{ value, path: root }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (!current.isWellFormed()) {
        const field = path || source;
        problems.illFormed.push({ field, message: `${field} must be well-formed Unicode text (it has a lone surrogate)` });
      }
      continue;
    }
    if (!isPlainContainer(current) || seen.has(current)) {
      continue;
    }
    seen.add(current);
    for (const key of Object.keys(current)) {
      const name = key.toWellFormed();
      const field = path ? `${path}.${name}` : name;
      if (name !== key) {
        problems.illFormed.push({ field, message: `the name of ${field} must be well-formed Unicode text (it has a lone surrogate)` });
      } else if (BUILT_IN_MEMBERS.has(key) && !Array.isArray(current)) {
        problems.builtIns.push({ field, message: `property ${key} should not exist` });
      }
      pending.push({ value: (current as Record<string, unknown>)[key], path: field });
    }
  }
  return problems;
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
