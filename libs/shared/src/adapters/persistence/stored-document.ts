/** An aggregate as a persistence adapter stores it: plain data, its id and its stored version. */
export interface StoredDocument {
  _id: string;
  version: number;
  [field: string]: unknown;
}

/** Equality on top-level fields: all the querying the write side needs. */
export type DocumentFilter = Record<string, string | number | boolean | null>;

/** A collection and the field groups that must be unique across it (created as unique indexes). */
export interface CollectionSpec {
  name: string;
  uniqueIndexes: string[][];
}

export const INBOX_COLLECTION = 'inbox';
export const OUTBOX_COLLECTION = 'outbox';
