import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { OutboxEntry, OutboxSortField, OutboxView } from '../../service_layer/outbox-view.port';
import { OutboxState } from '../../service_layer/outbox.port';
import { Page, PageRequest } from '../../service_layer/paging';
import { OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase, type OutboxDocument, toOutboxRecord } from './mongo-document-session';
import { DELIVERY_ORDER } from './mongo-outbox.store';

/** The stored field each sortable field of the view is read from. */
const STORED_SORT_FIELDS: Record<OutboxSortField, keyof OutboxDocument> = { occurredAt: 'occurred_at', attempts: 'attempts' };

@Injectable()
export class MongoOutboxView implements OutboxView {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async findById(id: string): Promise<OutboxEntry | null> {
    const document = await this.outbox().findOne({ _id: id });
    return document ? toOutboxEntry(document) : null;
  }

  async page(state: OutboxState | undefined, request: PageRequest<OutboxSortField>): Promise<Page<OutboxEntry>> {
    const filter: mongo.Filter<OutboxDocument> = state === undefined ? {} : { state };
    // The requested field first, then delivery order for ties, so that pages never overlap.
    const sortedBy = STORED_SORT_FIELDS[request.sort.field];
    const sort: mongo.Sort = [
      [sortedBy, request.sort.direction === 'asc' ? 1 : -1],
      ...Object.entries(DELIVERY_ORDER).filter(([field]) => field !== sortedBy),
    ] as [string, 1 | -1][];
    const [documents, totalElements] = [
      await this.outbox()
        .find(filter, { sort, skip: request.number * request.size, limit: request.size })
        .toArray(),
      await this.outbox().countDocuments(filter),
    ];
    return { items: documents.map(toOutboxEntry), totalElements };
  }

  private outbox(): mongo.Collection<OutboxDocument> {
    return nativeDatabase(this.connection).collection<OutboxDocument>(OUTBOX_COLLECTION);
  }
}

function toOutboxEntry(document: OutboxDocument): OutboxEntry {
  return {
    ...toOutboxRecord(document),
    state: document.state,
    lastError: document.last_error,
    retryAt: document.retry_at,
    sentAt: document.sent_at,
    deadAt: document.dead_at,
  };
}
