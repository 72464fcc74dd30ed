import { Injectable } from '@nestjs/common';
import { DocumentReader, ProjectedDocument } from '../../service_layer/document-reader.port';
import { MemoryDocumentStore } from './memory-document-store';

@Injectable()
export class MemoryDocumentReader implements DocumentReader {
  constructor(private readonly store: MemoryDocumentStore) {}

  async findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null> {
    return this.store.readFields(collection, id, fields);
  }
}
