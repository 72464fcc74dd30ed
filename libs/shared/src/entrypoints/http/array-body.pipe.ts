import type { PipeTransform, Type } from '@nestjs/common';
import type { FieldError } from '../../domain/domain-error';
import { createValidationPipe, InvalidRequestError } from './validation.pipe';

export interface ArrayBodyLimits {
  /** The most elements one request may hold (at least one is always required). */
  maxItems: number;
  /** What the elements are, for the messages: `reminders`. */
  noun: string;
}

/**
 * A body that is a JSON array of `item`s, e.g. `@Body(new ArrayBodyPipe(ReminderRequestDto, …))`.
 * The global pipe lets an array through untyped (a DTO class cannot describe one), so this one
 * checks it is an array of 1 to `maxItems` objects and validates each with the global pipe's own
 * rules, unknown fields refused. Every broken element is reported at once, its fields named by
 * their index (`2.title`); a body that is no array is named `body`, as the global pipe names it.
 */
export class ArrayBodyPipe<Item extends object> implements PipeTransform<unknown, Promise<Item[]>> {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly item: Type<Item>,
    private readonly limits: ArrayBodyLimits,
  ) {}

  async transform(body: unknown): Promise<Item[]> {
    const { maxItems, noun } = this.limits;
    if (!Array.isArray(body)) {
      throw refused([{ field: 'body', message: `the body must be a JSON array of ${noun}` }]);
    }
    if (body.length === 0 || body.length > maxItems) {
      throw refused([{ field: 'body', message: `the body must hold 1 to ${maxItems} ${noun}; it holds ${body.length}` }]);
    }
    const items: Item[] = [];
    const problems: FieldError[] = [];
    for (const [index, element] of body.entries()) {
      if (typeof element !== 'object' || element === null || Array.isArray(element)) {
        problems.push({ field: String(index), message: `each of the ${noun} must be a JSON object` });
        continue;
      }
      try {
        items.push((await this.validation.transform(element, { type: 'body', metatype: this.item })) as Item);
      } catch (error) {
        if (!(error instanceof InvalidRequestError)) {
          throw error;
        }
        problems.push(...error.fieldErrors.map(({ field, message }) => ({ field: `${index}.${field}`, message })));
      }
    }
    if (problems.length > 0) {
      throw refused(problems);
    }
    return items;
  }
}

function refused(problems: FieldError[]): InvalidRequestError {
  return new InvalidRequestError('The request is not valid', problems);
}
