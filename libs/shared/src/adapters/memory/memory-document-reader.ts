import { Injectable } from '@nestjs/common';
import { DocumentReader } from '../persistence/document-reader';
import { StoredDocument } from '../persistence/stored-document';
import { MemoryDocumentStore } from './memory-document-store';

@Injectable()
export class MemoryDocumentReader implements DocumentReader {
  constructor(private readonly store: MemoryDocumentStore) {}

  async findById(collection: string, id: string): Promise<StoredDocument | null> {
    return this.store.read(collection, id);
  }
}
