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
  it('refuses a lone surrogate at any depth, naming the field by its path, before the DTO’s rules run', async () => {
    const errors = await refusal(
      pipe.transform({ note: 'fine', items: [{ name: 'ok' }, { name: 'bad \ud800' }] }, { type: 'body', metatype: Order }),
    );
    expect(errors).toEqual([{ field: 'items.1.name', message: expect.stringContaining('well-formed Unicode') }]);
  });

  it('refuses a lone surrogate in a query, a path parameter and a field name', async () => {
    expect(await refusal(pipe.transform(parsedQuery([['page', '1\udfff']]), { type: 'query', metatype: Page }))).toEqual([
      expect.objectContaining({ field: 'page' }),
    ]);
    expect(await refusal(pipe.transform('\udbff', { type: 'param', metatype: String, data: 'id' }))).toEqual([
      expect.objectContaining({ field: 'id' }),
    ]);
    const [error] = await refusal(pipe.transform({ note: 'x', items: [], 'odd\ud800': 1 }, { type: 'body', metatype: Order }));
    expect(error.field).toBe('odd\ufffd');
    expect(error.field.isWellFormed()).toBe(true);
  });

  it('takes surrogate pairs, which are well-formed', async () => {
    await expect(pipe.transform({ note: 'ok 😀', items: [{ name: '𝄞' }] }, { type: 'body', metatype: Order })).resolves.toBeInstanceOf(
      Order,
    );
  });

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
