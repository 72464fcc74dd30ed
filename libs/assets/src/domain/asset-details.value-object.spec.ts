import { describe, expect, it } from '@jest/globals';
import { InvalidInputError } from '@keepem/shared/domain';
import { AssetDetails, MAX_TAGS } from './asset-details.value-object';

const base = {
  title: 'Summer 1998',
  description: null,
  tags: [],
  people: [],
  location: null,
  createdDate: null,
  extraPrivate: false,
  bookmarked: false,
};

describe('AssetDetails', () => {
  it('trims text, keeps line breaks in the description, lower-cases tags and keeps each tag and person once', () => {
    const details = AssetDetails.parse({
      ...base,
      title: '  Summer 1998 ',
      description: ' Dear Ana,\n\tsee you soon ',
      tags: ['Beach', ' beach', '', 'Family'],
      people: ['Ana', 'Ana', ' Pau '],
      location: '  ',
      createdDate: ' summer 1998 ',
    });
    expect(details.toProps()).toEqual({
      ...base,
      title: 'Summer 1998',
      description: 'Dear Ana,\n\tsee you soon',
      tags: ['beach', 'family'],
      people: ['Ana', 'Pau'],
      location: null,
      createdDate: 'summer 1998',
    });
  });

  it.each([
    ['a blank title', { title: '  ' }],
    ['a title of 65 characters', { title: 'x'.repeat(65) }],
    ['a title with a line break', { title: 'a\nb' }],
    ['a description with a control character', { description: 'a\u0007b' }],
    ['a title with a lone surrogate', { title: 'a\uD800b' }],
    ['a tag with a lone surrogate', { tags: ['\uDC00'] }],
    ['a tag of 33 characters', { tags: ['x'.repeat(33)] }],
    ['too many tags', { tags: Array.from({ length: MAX_TAGS + 1 }, (_, index) => `tag${index}`) }],
    ['a location of 201 characters', { location: 'x'.repeat(201) }],
  ])('refuses %s, naming the field', (_, change) => {
    expect(() => AssetDetails.parse({ ...base, ...change })).toThrow(InvalidInputError);
  });

  it('changes only the fields given and tells which changed', () => {
    const details = AssetDetails.parse({ ...base, tags: ['beach'] });
    const changed = details.with({ bookmarked: true, title: undefined });
    expect(changed.toProps()).toEqual({ ...base, tags: ['beach'], bookmarked: true });
    expect(details.changedIn(changed)).toEqual(['bookmarked']);
  });
});
