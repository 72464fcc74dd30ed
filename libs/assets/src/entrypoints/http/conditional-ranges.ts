import type { ByteRange } from '../../service_layer/ports/file-storage.port';

/**
 * What a download answers to `Range`, `If-None-Match` and `If-Range` (RFC 9110 §13, §14), for a
 * file of a known size whose one strong entity tag never changes while it exists.
 */

/** The whole file (no Range, one the server ignores, or several), one range of it, or none it has. */
export type RangeAnswer = { kind: 'whole' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const RANGE_SPEC = /^\s*(\d*)\s*-\s*(\d*)\s*$/;

/**
 * One `bytes=` range of a file of `size` bytes: `a-b`, `a-` or `-n`. Several ranges get the whole
 * file (a server may ignore Range, and one answer of the whole costs less than a multipart one);
 * so does a header that is not well-formed, or a unit other than bytes. A suffix of an empty file
 * is the whole (empty) file, since no Content-Range can name bytes of nothing.
 */
export function rangeOf(header: string | undefined, size: number): RangeAnswer {
  const separator = header?.indexOf('=') ?? -1;
  if (header === undefined || separator === -1 || header.slice(0, separator).trim().toLowerCase() !== 'bytes') {
    return { kind: 'whole' };
  }
  const specs = header.slice(separator + 1).split(',');
  const spec = RANGE_SPEC.exec(specs[0]);
  if (specs.length !== 1 || !spec || (spec[1] === '' && spec[2] === '')) {
    return { kind: 'whole' };
  }
  const [, first, last] = spec;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) {
      return { kind: 'unsatisfiable' };
    }
    return size === 0 ? { kind: 'whole' } : { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  if (end < start) {
    return { kind: 'whole' };
  }
  if (start >= size) {
    return { kind: 'unsatisfiable' };
  }
  return { kind: 'partial', range: { start, end: Math.min(end, size - 1) } };
}

/**
 * Whether `If-None-Match` names `etag` (or is `*`, the file existing): the client's copy is the
 * current one. The comparison is weak (RFC 9110 §13.1.2), so `W/"x"` matches `"x"`.
 */
export function noneMatchHolds(header: string | undefined, etag: string): boolean {
  if (header === undefined) {
    return true;
  }
  if (header.trim() === '*') {
    return false;
  }
  const opaque = opaqueTagOf(etag);
  return !entityTagsOf(header).some((tag) => opaqueTagOf(tag) === opaque);
}

/**
 * Whether a Range applies under `If-Range`: only when it names the current entity tag, compared
 * strongly (a weak tag never matches). A date is never honoured, since downloads carry no
 * Last-Modified; the whole file is then sent.
 */
export function ifRangeHolds(header: string | undefined, etag: string): boolean {
  return header === undefined || header.trim() === etag;
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"/g;

function entityTagsOf(header: string): string[] {
  return header.match(ENTITY_TAG) ?? [];
}

function opaqueTagOf(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}
