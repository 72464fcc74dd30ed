import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { createValidationPipe, InvalidRequestError } from './validation.pipe';

class Item {
  @IsString()
  name: string;
}

class Order {
  @IsString()
  note: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items: Item[];
}

class Page {
  @Type(() => Number)
  @IsInt()
  page: number;
}

const pipe = createValidationPipe();

async function refusal(attempt: Promise<unknown>): Promise<Array<{ field: string; message: string }>> {
  const error = await attempt.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidRequestError);
  return (error as InvalidRequestError).fieldErrors;
}

/** A query as Fastify's parser hands it over: a record whose prototype has no prototype. */
function parsedQuery(fields: Array<[string, string]>): Record<string, string> {
  function Query() {}
  Query.prototype = Object.create(null) as object;
  const query = new (Query as unknown as new () => Record<string, string>)();
  for (const [name, value] of fields) {
    // No __proto__ accessor up this chain: the name becomes a field like any other.
    query[name] = value;
  }
  return query;
}

describe('the validation pipe', () => {
  it('refuses fields named like built-in members as unknown, beside what the DTO’s rules find', async () => {
    const errors = await refusal(
      pipe.transform(
        parsedQuery([
          ['page', 'one'],
          ['toString', '1'],
          ['__proto__', '1'],
          ['constructor', '1'],
        ]),
        { type: 'query', metatype: Page },
      ),
    );
    expect(errors.map((error) => error.field).sort()).toEqual(['__proto__', 'constructor', 'page', 'toString']);
    expect(errors).toEqual(expect.arrayContaining([{ field: 'toString', message: 'property toString should not exist' }]));

    const nested = await refusal(pipe.transform({ note: 'x', items: [{ name: 'a', valueOf: 1 }] }, { type: 'body', metatype: Order }));
    expect(nested.map((error) => error.field)).toContain('items.0.valueOf');
  });

  it('leaves the values of custom parameter decorators alone: the server made them', async () => {
    const metadata = { userId: 'x\ud800', toString: 'y' };
    await expect(pipe.transform(metadata, { type: 'custom', metatype: Object })).resolves.toBe(metadata);
  });

  it('walks a value that refers to itself once', async () => {
    const looped: Record<string, unknown> = { note: 'x', items: [] };
    looped.self = looped;
    await expect(pipe.transform(looped, { type: 'body', metatype: Object })).resolves.toBe(looped);
  });
});
