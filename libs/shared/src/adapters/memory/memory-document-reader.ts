import { Injectable } from '@nestjs/common';
import { DocumentQuery, DocumentReader, ProjectedDocument } from '../../service_layer/document-reader.port';
import type { Page, PageRequest } from '../../service_layer/paging';
import { byFieldThenId, matchesQuery } from './document-query.matcher';
import { MemoryDocumentStore } from './memory-document-store';

@Injectable()
export class MemoryDocumentReader implements DocumentReader {
  constructor(private readonly store: MemoryDocumentStore) {}

  async findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null> {
    return this.store.readFields(collection, id, fields);
  }

  async findPage<Field extends string>(
    collection: string,
    query: DocumentQuery,
    fields: readonly Field[],
    page: PageRequest<string>,
  ): Promise<Page<ProjectedDocument<Field>>> {
    const picked = this.store.stored(collection, (document) => matchesQuery(document, query));
    const start = page.number * page.size;
    const items = picked
      .sort(byFieldThenId(page.sort.field, page.sort.direction))
      .slice(start, start + page.size)
      .map((document) => this.store.readFields(collection, document._id, fields) as ProjectedDocument<Field>);
    return { items, totalElements: picked.length };
  }

  async count(collection: string, query: DocumentQuery): Promise<number> {
    return this.store.stored(collection, (document) => matchesQuery(document, query)).length;
  }
}
