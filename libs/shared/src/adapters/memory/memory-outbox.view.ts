import { Injectable } from '@nestjs/common';
import { OutboxEntry, OutboxSortField, OutboxView } from '../../service_layer/outbox-view.port';
import { OutboxState } from '../../service_layer/outbox.port';
import { Page, PageRequest } from '../../service_layer/paging';
import { copyDocument } from './copy-document';
import { byDeliveryOrder } from './memory-outbox.store';
import { MemoryDocumentStore, MemoryOutboxEntry } from './memory-document-store';

@Injectable()
export class MemoryOutboxView implements OutboxView {
  constructor(private readonly store: MemoryDocumentStore) {}

  async findById(id: string): Promise<OutboxEntry | null> {
    const entry = this.store.outbox.get(id);
    return entry ? toOutboxEntry(entry) : null;
  }

  async page(state: OutboxState | undefined, request: PageRequest<OutboxSortField>): Promise<Page<OutboxEntry>> {
    const sign = request.sort.direction === 'asc' ? 1 : -1;
    const sortValue = (entry: MemoryOutboxEntry) =>
      request.sort.field === 'attempts' ? entry.record.attempts : entry.record.occurredAt.getTime();
    const matching = [...this.store.outbox.values()]
      .filter((entry) => state === undefined || entry.state === state)
      .sort((a, b) => sign * (sortValue(a) - sortValue(b)) || byDeliveryOrder(a, b));
    const start = request.number * request.size;
    return { items: matching.slice(start, start + request.size).map(toOutboxEntry), totalElements: matching.length };
  }
}

function toOutboxEntry(entry: MemoryOutboxEntry): OutboxEntry {
  return copyDocument({
    ...entry.record,
    state: entry.state,
    lastError: entry.lastError,
    retryAt: entry.retryAt,
    sentAt: entry.sentAt,
    deadAt: entry.deadAt,
  });
}
