import { describe, expect, it } from '@jest/globals';
import { attachmentOf, fileNameOf } from './content-disposition';

describe('fileNameOf', () => {
  it.each([
    ['attachment; filename="photo.jpg"', 'photo.jpg'],
    ['attachment; filename=photo.jpg', 'photo.jpg'],
    ['inline; FILENAME="a b.txt"', 'a b.txt'],
    ['attachment;filename="quote \\" and \\\\ back.txt"', 'quote " and \\ back.txt'],
    ['attachment; filename="fallback.txt"; filename*=UTF-8\'\'%E2%82%AC%20rates.txt', '€ rates.txt'],
    ['attachment; filename*=utf-8\'en\'%C3%A9t%C3%A9.png; filename="ete.png"', 'été.png'],
    ["attachment; filename*=ISO-8859-1''%E9t%E9.png", 'été.png'],
    ['attachment; size=42; filename="x.bin"', 'x.bin'],
  ])('reads %s', (header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });

  it('falls back to filename when filename* is not decodable', () => {
    expect(fileNameOf('attachment; filename*=UTF-8\'\'%FF%FE; filename="plain.txt"')).toBe('plain.txt');
    expect(fileNameOf('attachment; filename*=KOI8-R\'\'%C1; filename="plain.txt"')).toBe('plain.txt');
  });

  it.each([
    [undefined],
    [''],
    ['attachment'],
    ['attachment; filename'],
    ['attachment; filename="unterminated'],
    ['attachment; filename="a.txt"; filename="b.txt"'],
    ['; filename="a.txt"'],
  ])('gives no name for %s', (header) => {
    expect(fileNameOf(header)).toBeUndefined();
  });
});

describe('attachmentOf', () => {
  it('names an ASCII file plainly and exactly', () => {
    expect(attachmentOf('photo 1.jpg')).toBe(`attachment; filename="photo 1.jpg"; filename*=UTF-8''photo%201.jpg`);
  });

  it('gives other names an ASCII fallback and the exact name in filename*', () => {
    const header = attachmentOf('été "1" 100%.png');
    expect(header).toBe(`attachment; filename="_t_ _1_ 100_.png"; filename*=UTF-8''%C3%A9t%C3%A9%20%221%22%20100%25.png`);
    expect(fileNameOf(header)).toBe('été "1" 100%.png');
  });

  it('round-trips the characters encodeURIComponent leaves alone but RFC 8187 does not', () => {
    expect(fileNameOf(attachmentOf("it's (1)*.txt"))).toBe("it's (1)*.txt");
  });
});
