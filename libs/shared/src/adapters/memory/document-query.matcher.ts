import type { DocumentQuery, FieldCondition } from '../../service_layer/document-reader.port';
import type { SortDirection } from '../../service_layer/paging';
import type { StoredDocument } from '../persistence/stored-document';

/** Whether a document is one `query` picks, a missing field counting as null, as MongoDB's query does. */
export function matchesQuery(document: StoredDocument, query: DocumentQuery): boolean {
  const meetsAll = (conditions: Readonly<Record<string, FieldCondition>>) =>
    Object.entries(conditions).every(([field, condition]) => meets(document[field] ?? null, condition));
  return meetsAll(query.where ?? {}) && (query.anyOf === undefined || query.anyOf.some(meetsAll));
}

function meets(value: unknown, condition: FieldCondition): boolean {
  if (condition !== null && typeof condition === 'object') {
    return 'in' in condition ? condition.in.includes(value as never) : typeof value === 'string' && value.startsWith(condition.startsWith);
  }
  return value === condition;
}

/** MongoDB's order for one field: nulls first, then by value; ties by id. */
export function byFieldThenId(field: string, direction: SortDirection): (a: StoredDocument, b: StoredDocument) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * compare(a[field] ?? null, b[field] ?? null) || sign * compare(a._id, b._id);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [left, right] = a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a as string, b as string];
  return left < right ? -1 : left > right ? 1 : 0;
}
