import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './body-parsers';

const deeper = (json: string, limit = 2) => nestsDeeperThan(Buffer.from(json), limit);

describe('nestsDeeperThan', () => {
  it('counts the top-level array or object as the first level', () => {
    expect(deeper('1')).toBe(false);
    expect(deeper('{"a":[1]}')).toBe(false);
    expect(deeper('{"a":[[1]]}')).toBe(true);
    expect(deeper('[{}, {"b": 1}]')).toBe(false);
    expect(deeper('[{}, {"b": {}}]')).toBe(true);
  });

  it('measures the deepest branch, not the sum of siblings', () => {
    expect(deeper(`[${'[1],'.repeat(1000)}[2]]`)).toBe(false);
  });

  it('skips brackets and escaped quotes inside strings', () => {
    expect(deeper('{"a":"[[[{{{"}')).toBe(false);
    expect(deeper('{"a":"\\"[[[","b":"\\\\"}')).toBe(false);
    expect(deeper('{"a\\"[[":["\\\\",["x"]]}')).toBe(true);
  });

  it('is not misled by multi-byte characters', () => {
    expect(deeper('{"ü[": "日本[[[", "😀": [1]}')).toBe(false);
  });

  it(`allows exactly ${MAX_JSON_DEPTH} levels`, () => {
    const nested = (levels: number) => Buffer.from(`${'['.repeat(levels)}${']'.repeat(levels)}`);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
  });
});
