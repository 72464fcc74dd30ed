import type { Page, PageRequest } from './paging';

export const DOCUMENT_READER = Symbol('DOCUMENT_READER');

/** The document's id and the fields asked for, and nothing else. */
export type ProjectedDocument<Field extends string> = { _id: string } & { [Name in Field]: unknown };

type FieldValue = string | number | boolean | null;

/** What one stored field must be: equal to a value, one of some values, or a string starting with a prefix (case as stored). */
export type FieldCondition = FieldValue | { in: readonly FieldValue[] } | { startsWith: string };

/**
 * Which documents a list shows: every condition of `where`, and, when `anyOf` is given, all the
 * conditions of at least one of its entries (`{anyOf: [{requester_id: me}, {requested_id: me}]}`).
 * As in MongoDB, a dotted field (`file.type`) is a field of an embedded document, and a condition on
 * an array field holds when one of its elements meets it.
 */
export interface DocumentQuery {
  where?: Readonly<Record<string, FieldCondition>>;
  anyOf?: readonly Readonly<Record<string, FieldCondition>>[];
}

/**
 * Reads committed documents outside any transaction: the seam query-side views are built on, so
 * a query neither opens a unit of work nor rebuilds an aggregate it will only display. A view names
 * the fields it shows, so what it never shows (a password hash) never leaves the database.
 */
export interface DocumentReader {
  findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null>;
  /**
   * One page of the documents `query` picks, sorted by the stored field `page.sort.field` and then by
   * id, so pages never overlap however many documents share a value.
   */
  findPage<Field extends string>(
    collection: string,
    query: DocumentQuery,
    fields: readonly Field[],
    page: PageRequest<string>,
  ): Promise<Page<ProjectedDocument<Field>>>;
  /** How many documents `query` picks. */
  count(collection: string, query: DocumentQuery): Promise<number>;
}
