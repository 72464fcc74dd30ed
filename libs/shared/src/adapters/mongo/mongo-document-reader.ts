import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DocumentReader, ProjectedDocument } from '../../service_layer/document-reader.port';
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
    const projection = Object.fromEntries([['_id', 1], ...fields.map((field) => [field, 1])]);
    const found = await nativeDatabase(this.connection).collection<StoredDocument>(collection).findOne({ _id: id }, { projection });
    if (!found) {
      return null;
    }
    const projected: Record<string, unknown> = { _id: found._id };
    for (const field of fields) {
      if (field in found) {
        projected[field] = found[field];
      }
    }
    return projected as ProjectedDocument<Field>;
  }
}
