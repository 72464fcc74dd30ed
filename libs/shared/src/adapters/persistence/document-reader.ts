import { StoredDocument } from './stored-document';

export const DOCUMENT_READER = Symbol('DOCUMENT_READER');

/**
 * Reads committed documents outside any transaction: the seam query-side views are built on, so
 * a query neither opens a unit of work nor rebuilds an aggregate it will only display.
 */
export interface DocumentReader {
  findById(collection: string, id: string): Promise<StoredDocument | null>;
}
