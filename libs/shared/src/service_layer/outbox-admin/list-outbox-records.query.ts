import { Query, MessageMetadata } from '../command';
import type { OutboxEntry, OutboxSortField } from '../outbox-view.port';
import type { OutboxState } from '../outbox.port';
import type { Page, PageRequest } from '../paging';

/** Outbox records, all or in one state (dead ones, typically), a page at a time. */
export class ListOutboxRecords extends Query<Page<OutboxEntry>> {
  constructor(
    readonly state: OutboxState | undefined,
    readonly page: PageRequest<OutboxSortField>,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
