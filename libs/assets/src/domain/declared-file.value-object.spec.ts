import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, TooLargeError } from '@keepem/shared/domain';
import { FileMismatchError, FileTooLargeError } from './asset.errors';
import { DeclaredFile } from './declared-file.value-object';

const declared = (name = 'letter.pdf', type = 'application/pdf', sizeBytes = 1000, limit = 1000) =>
  DeclaredFile.parse({ name, type, sizeBytes }, limit);

describe('DeclaredFile', () => {
  it('keeps the trimmed name, the media type essence lower-cased, and the size', () => {
    const file = declared('  letter.pdf ', 'Application/PDF; charset=binary');
    expect(file.toProps()).toEqual({ name: 'letter.pdf', type: 'application/pdf', sizeBytes: 1000 });
    expect(file.majorType).toBe('application');
  });

  it('accepts an empty file and one of exactly the limit, and refuses one byte more as too large', () => {
    expect(declared('a', 'text/plain', 0).sizeBytes).toBe(0);
    expect(declared('a', 'text/plain', 1000, 1000).sizeBytes).toBe(1000);
    const refusal = (() => {
      try {
        declared('a', 'text/plain', 1001, 1000);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(FileTooLargeError);
    expect(refusal).toBeInstanceOf(TooLargeError);
  });

  it.each([
    ['a blank name', '   ', 'text/plain', 1],
    ['a name with a path', '../etc/passwd', 'text/plain', 1],
    ['a name with a backslash', 'a\\b.txt', 'text/plain', 1],
    ['a name with a line break', 'a\nb.txt', 'text/plain', 1],
    ['a name of 256 characters', 'a'.repeat(256), 'text/plain', 1],
    ['a type without a subtype', 'a.txt', 'text', 1],
    ['a type with spaces', 'a.txt', 'text/ plain', 1],
    ['a negative size', 'a.txt', 'text/plain', -1],
    ['a fractional size', 'a.txt', 'text/plain', 1.5],
  ])('refuses %s', (_, name, type, sizeBytes) => {
    expect(() => declared(name, type, sizeBytes)).toThrow(InvalidInputError);
  });

  it.each([
    ['a lone high surrogate', 'photo\uD800.jpg'],
    ['a lone low surrogate', '\uDC00photo.jpg'],
    ['surrogates in the wrong order', 'photo\uDE00\uD83D.jpg'],
  ])('refuses a name with %s, which no upload could ever match, naming fileName', (_, name) => {
    expect(() => declared(name)).toThrow(
      expect.objectContaining({ kind: 'invalid', fieldErrors: [{ field: 'fileName', message: expect.stringContaining('Unicode') }] }),
    );
  });

  it('takes a name with characters beyond the basic plane, as their surrogate pairs', () => {
    expect(declared('photo \uD83D\uDE00.jpg').name).toBe('photo 😀.jpg');
  });

  it('refuses an upload sent under another name or type, and accepts the declared one with parameters', () => {
    const file = declared();
    expect(() => file.assertSentAs('letter.pdf', 'application/pdf; name=x')).not.toThrow();
    expect(() => file.assertSentAs('Letter.pdf', 'application/pdf')).toThrow(FileMismatchError);
    expect(() => file.assertSentAs('letter.pdf', 'text/plain')).toThrow(FileMismatchError);
    expect(() => file.assertSentAs(undefined, undefined)).toThrow(FileMismatchError);
  });

  it('refuses an upload that ended with another size than declared', () => {
    const file = declared();
    expect(() => file.assertSizeIs(1000)).not.toThrow();
    expect(() => file.assertSizeIs(999)).toThrow(FileMismatchError);
  });

  it('refuses an upload as soon as it sent more bytes than declared', () => {
    const file = declared();
    expect(() => file.assertMayReceive(0)).not.toThrow();
    expect(() => file.assertMayReceive(1000)).not.toThrow();
    expect(() => file.assertMayReceive(1001)).toThrow(FileMismatchError);
  });
});
