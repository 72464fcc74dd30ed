import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { DocumentQuery, DocumentReader, FieldCondition, ProjectedDocument } from '../../service_layer/document-reader.port';
import type { Page, PageRequest } from '../../service_layer/paging';
import { StoredDocument } from '../persistence/stored-document';
import { nativeDatabase } from './mongo-document-session';

@Injectable()
export class MongoDocumentReader implements DocumentReader {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  /**
   * The projection names `_id` too, because an empty one means "every field" to MongoDB. The answer
   * is then built from the named fields again: a server that ignores projections (the wire lane's
   * test server does) must not hand out a field nobody asked for either.
   */
  async findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null> {
    const found = await this.collection(collection).findOne({ _id: id }, { projection: projectionOf(fields) });
    return found ? projected(found, fields) : null;
  }

  async findPage<Field extends string>(
    collection: string,
    query: DocumentQuery,
    fields: readonly Field[],
    page: PageRequest<string>,
  ): Promise<Page<ProjectedDocument<Field>>> {
    const direction = page.sort.direction === 'asc' ? 1 : -1;
    const sort: mongo.Sort = [
      [page.sort.field, direction],
      ['_id', direction],
    ];
    const filter = filterOf(query);
    const [documents, totalElements] = await Promise.all([
      this.collection(collection)
        .find(filter, { projection: projectionOf(fields), sort, skip: page.number * page.size, limit: page.size })
        .toArray(),
      this.collection(collection).countDocuments(filter),
    ]);
    return { items: documents.map((document) => projected(document, fields)), totalElements };
  }

  count(collection: string, query: DocumentQuery): Promise<number> {
    return this.collection(collection).countDocuments(filterOf(query));
  }

  private collection(name: string): mongo.Collection<StoredDocument> {
    return nativeDatabase(this.connection).collection<StoredDocument>(name);
  }
}

function projectionOf(fields: readonly string[]): Record<string, 1> {
  return Object.fromEntries([['_id', 1], ...fields.map((field) => [field, 1])]) as Record<string, 1>;
}

function projected<Field extends string>(found: StoredDocument, fields: readonly Field[]): ProjectedDocument<Field> {
  const answer: Record<string, unknown> = { _id: found._id };
  for (const field of fields) {
    if (field in found) {
      answer[field] = found[field];
    }
  }
  return answer as ProjectedDocument<Field>;
}

function filterOf(query: DocumentQuery): mongo.Filter<StoredDocument> {
  const filter: Record<string, unknown> = conditionsOf(query.where ?? {});
  if (query.anyOf !== undefined) {
    filter.$or = query.anyOf.map(conditionsOf);
  }
  return filter as mongo.Filter<StoredDocument>;
}

function conditionsOf(conditions: Readonly<Record<string, FieldCondition>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(conditions).map(([field, condition]) => [field, operatorOf(condition)]));
}

function operatorOf(condition: FieldCondition): unknown {
  if (condition === null || typeof condition !== 'object') {
    return condition;
  }
  return 'in' in condition ? { $in: condition.in } : { $regex: `^${escapeRegExp(condition.startsWith)}` };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
