import { describe, expect, it } from '@jest/globals';
import { IsInt, IsString } from 'class-validator';
import { ArrayBodyPipe } from './array-body.pipe';
import { InvalidRequestError } from './validation.pipe';

class Item {
  @IsString()
  name: string;

  @IsInt()
  count: number;
}

const pipe = new ArrayBodyPipe(Item, { maxItems: 3, noun: 'items' });

async function refusal(body: unknown): Promise<Array<{ field: string; message: string }>> {
  const error = await pipe.transform(body).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InvalidRequestError);
  return (error as InvalidRequestError).fieldErrors;
}

describe('ArrayBodyPipe', () => {
  it('answers the elements as instances of the item class', async () => {
    const items = await pipe.transform([
      { name: 'a', count: 1 },
      { name: 'b', count: 2 },
    ]);
    expect(items).toEqual([
      { name: 'a', count: 1 },
      { name: 'b', count: 2 },
    ]);
    expect(items[0]).toBeInstanceOf(Item);
  });

  it.each([[{ name: 'a', count: 1 }], ['[]'], [null], [undefined], [42]])(
    'refuses a body that is no array (%p), naming the body',
    async (body) => {
      expect(await refusal(body)).toEqual([{ field: 'body', message: 'the body must be a JSON array of items' }]);
    },
  );

  it('refuses an empty array and one longer than the limit', async () => {
    expect(await refusal([])).toEqual([{ field: 'body', message: 'the body must hold 1 to 3 items; it holds 0' }]);
    expect(await refusal(Array.from({ length: 4 }, () => ({ name: 'a', count: 1 })))).toEqual([
      { field: 'body', message: 'the body must hold 1 to 3 items; it holds 4' },
    ]);
  });

  it('names every broken element by its index at once: wrong fields, unknown fields, elements that are no objects', async () => {
    const errors = await refusal([{ name: 7, count: 1, extra: true }, 'text', [{ name: 'a', count: 1 }]]);
    expect(errors.map((error) => error.field).sort()).toEqual(['0.extra', '0.name', '1', '2']);
    expect(errors).toEqual(expect.arrayContaining([{ field: '0.extra', message: 'property extra should not exist' }]));
  });

  it('refuses fields named like built-in members inside an element', async () => {
    const element = JSON.parse('{"name": "a", "count": 1, "toString": 1}') as object;
    expect((await refusal([element])).map((error) => error.field)).toEqual(['0.toString']);
  });
});
