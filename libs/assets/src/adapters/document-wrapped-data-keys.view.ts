import { Inject, Injectable } from '@nestjs/common';
import { DOCUMENT_READER, type DocumentReader } from '@keepem/shared/service_layer';
import type { WrappedDataKeysView } from '../service_layer/ports/wrapped-data-keys.view.port';
import { ASSETS_COLLECTION } from './document-asset.repository';

const KEY_ID_FIELD = 'encryption.data_key.key_id';

/** Reads the KEK id stored beside each wrapped data key (indexed in ASSETS_COLLECTION). */
@Injectable()
export class DocumentWrappedDataKeysView implements WrappedDataKeysView {
  constructor(@Inject(DOCUMENT_READER) private readonly reader: DocumentReader) {}

  async assetIdsWrappedWith(keyId: string, limit: number): Promise<string[]> {
    const page = await this.reader.findPage(ASSETS_COLLECTION.name, { where: { [KEY_ID_FIELD]: keyId } }, [], {
      number: 0,
      size: limit,
      sort: { field: '_id', direction: 'asc' },
    });
    return page.items.map((document) => document._id);
  }

  countWrappedWith(keyId: string): Promise<number> {
    return this.reader.count(ASSETS_COLLECTION.name, { where: { [KEY_ID_FIELD]: keyId } });
  }
}
