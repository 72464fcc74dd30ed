import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DocumentReader } from '../persistence/document-reader';
import { StoredDocument } from '../persistence/stored-document';
import { nativeDatabase } from './mongo-document-session';

@Injectable()
export class MongoDocumentReader implements DocumentReader {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  findById(collection: string, id: string): Promise<StoredDocument | null> {
    return nativeDatabase(this.connection).collection<StoredDocument>(collection).findOne({ _id: id });
  }
}
