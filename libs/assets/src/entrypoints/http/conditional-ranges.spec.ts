import { describe, expect, it } from '@jest/globals';
import { ifRangeHolds, noneMatchHolds, rangeOf } from './conditional-ranges';

describe('rangeOf', () => {
  it.each([
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=10-', { start: 10, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-1000', { start: 0, end: 99 }],
    ['bytes=50-1000', { start: 50, end: 99 }],
    ['Bytes = 5 - 5', { start: 5, end: 5 }],
    ['bytes=99-99', { start: 99, end: 99 }],
  ])('answers %s of 100 bytes with that part', (header, range) => {
    expect(rangeOf(header, 100)).toEqual({ kind: 'partial', range });
  });

  it.each([['bytes=100-'], ['bytes=100-200'], ['bytes=-0']])('finds %s of 100 bytes unsatisfiable', (header) => {
    expect(rangeOf(header, 100)).toEqual({ kind: 'unsatisfiable' });
  });

  it.each([[undefined], ['items=0-9'], ['bytes=9-0'], ['bytes=0-9,20-29'], ['bytes=a-b'], ['bytes=-'], ['bytes 0-9'], ['bytes=']])(
    'sends the whole file for %s',
    (header) => {
      expect(rangeOf(header, 100)).toEqual({ kind: 'whole' });
    },
  );

  it('has no byte of an empty file to give, but a suffix of it is the whole empty file', () => {
    expect(rangeOf('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeOf('bytes=-5', 0)).toEqual({ kind: 'whole' });
  });
});

describe('noneMatchHolds', () => {
  const etag = '"abc"';

  it('holds without the header or when no tag matches', () => {
    expect(noneMatchHolds(undefined, etag)).toBe(true);
    expect(noneMatchHolds('"other", W/"x"', etag)).toBe(true);
  });

  it('fails for *, the tag itself, its weak form, or a list holding it', () => {
    expect(noneMatchHolds('*', etag)).toBe(false);
    expect(noneMatchHolds('"abc"', etag)).toBe(false);
    expect(noneMatchHolds('W/"abc"', etag)).toBe(false);
    expect(noneMatchHolds('"x", "abc" ,W/"y"', etag)).toBe(false);
  });
});

describe('ifRangeHolds', () => {
  it('holds without the header or for the same strong tag only', () => {
    expect(ifRangeHolds(undefined, '"abc"')).toBe(true);
    expect(ifRangeHolds('"abc"', '"abc"')).toBe(true);
    expect(ifRangeHolds('W/"abc"', '"abc"')).toBe(false);
    expect(ifRangeHolds('"old"', '"abc"')).toBe(false);
    expect(ifRangeHolds('Wed, 21 Oct 2015 07:28:00 GMT', '"abc"')).toBe(false);
  });
});
