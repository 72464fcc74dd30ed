import type { DocumentQuery, FieldCondition } from '../../service_layer/document-reader.port';
import type { SortDirection } from '../../service_layer/paging';
import type { StoredDocument } from '../persistence/stored-document';

/**
 * Whether a document is one `query` picks, as MongoDB's query picks it: a missing field counts as
 * null, a dotted name (`file.type`) reaches into an embedded document, and a condition on an array
 * field holds when it holds for one of its elements (`{tags: 'summer'}` picks a document tagged so).
 */
export function matchesQuery(document: StoredDocument, query: DocumentQuery): boolean {
  const meetsAll = (conditions: Readonly<Record<string, FieldCondition>>) =>
    Object.entries(conditions).every(([field, condition]) => meetsOnValueOrElement(valueAt(document, field), condition));
  return meetsAll(query.where ?? {}) && (query.anyOf === undefined || query.anyOf.some(meetsAll));
}

/** The value of a field, `a.b` naming field `b` of the embedded document `a`; null when there is none. */
export function valueAt(document: StoredDocument, field: string): unknown {
  let value: unknown = document;
  for (const name of field.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return null;
    }
    value = (value as Record<string, unknown>)[name];
  }
  return value ?? null;
}

function meetsOnValueOrElement(value: unknown, condition: FieldCondition): boolean {
  return Array.isArray(value) ? value.some((element) => meets(element, condition)) : meets(value, condition);
}

function meets(value: unknown, condition: FieldCondition): boolean {
  if (condition !== null && typeof condition === 'object') {
    return 'in' in condition ? condition.in.includes(value as never) : typeof value === 'string' && value.startsWith(condition.startsWith);
  }
  return value === condition;
}

/** MongoDB's order for one field (dotted names too): nulls first, then by value; ties by id. */
export function byFieldThenId(field: string, direction: SortDirection): (a: StoredDocument, b: StoredDocument) => number {
  const sign = direction === 'asc' ? 1 : -1;
  return (a, b) => sign * compare(valueAt(a, field), valueAt(b, field)) || sign * compare(a._id, b._id);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [left, right] = a instanceof Date && b instanceof Date ? [a.getTime(), b.getTime()] : [a as string, b as string];
  return left < right ? -1 : left > right ? 1 : 0;
}
