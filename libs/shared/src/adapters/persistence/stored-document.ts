import type { DomainError } from '../../domain/domain-error';

/** An aggregate as a persistence adapter stores it: plain data, its id and its stored version. */
export interface StoredDocument {
  _id: string;
  version: number;
  [field: string]: unknown;
}

/** Equality on fields (an array field: one of its elements): all the querying the write side needs. */
export type DocumentFilter = Record<string, string | number | boolean | null>;

/** Field values that must be unique across a collection (created as a unique index). */
export interface UniqueIndex {
  fields: string[];
  /**
   * What a clash means to the client who caused it, e.g. "that username is taken" on `username`:
   * the one place a unique index is turned into the answer a handler would have given had it seen
   * the clash itself (it can miss one only by racing another request). None when a clash is never
   * the client's doing (a generated code); it then stays a UniqueConstraintError.
   */
  clash?: () => DomainError;
}

/** A collection and the indexes it needs. */
export interface CollectionSpec {
  name: string;
  uniqueIndexes: UniqueIndex[];
  /** Fields queried by (`findManyWhere`, a view's filter or sort), each list one compound index. */
  lookupIndexes?: string[][];
}

/** The index name both drivers report a clash by; MongoDB's own for `_id`. */
export function uniqueIndexName(fields: readonly string[]): string {
  return fields.length === 1 && fields[0] === '_id' ? '_id_' : `unique_${fields.join('_')}`;
}

export const INBOX_COLLECTION = 'inbox';
export const OUTBOX_COLLECTION = 'outbox';
/** One counter per aggregate that has recorded events: the last sequence number its events took. */
export const OUTBOX_SEQUENCES_COLLECTION = 'outbox_sequences';
