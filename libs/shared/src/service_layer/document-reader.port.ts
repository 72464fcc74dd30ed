export const DOCUMENT_READER = Symbol('DOCUMENT_READER');

/** The document's id and the fields asked for, and nothing else. */
export type ProjectedDocument<Field extends string> = { _id: string } & { [Name in Field]: unknown };

/**
 * Reads committed documents outside any transaction: the seam query-side views are built on, so
 * a query neither opens a unit of work nor rebuilds an aggregate it will only display. A view names
 * the fields it shows, so what it never shows (a password hash) never leaves the database.
 */
export interface DocumentReader {
  findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null>;
}
