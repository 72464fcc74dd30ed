import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DocumentReader, ProjectedDocument } from '../persistence/document-reader';
import { StoredDocument } from '../persistence/stored-document';
import { nativeDatabase } from './mongo-document-session';

@Injectable()
export class MongoDocumentReader implements DocumentReader {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  findById<Field extends string>(collection: string, id: string, fields: readonly Field[]): Promise<ProjectedDocument<Field> | null> {
    const projection = Object.fromEntries(fields.map((field) => [field, 1]));
    const found = nativeDatabase(this.connection).collection<StoredDocument>(collection).findOne({ _id: id }, { projection });
    return found as Promise<ProjectedDocument<Field> | null>;
  }
}
