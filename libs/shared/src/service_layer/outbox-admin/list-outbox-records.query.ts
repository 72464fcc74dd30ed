import { Query, MessageProps } from '../command';
import type { OutboxEntry, OutboxSortField } from '../outbox-view.port';
import type { OutboxState } from '../outbox.port';
import type { Page, PageRequest } from '../paging';

/** Outbox records, all or in one state (dead ones, typically), a page at a time. */
export class ListOutboxRecords extends Query<Page<OutboxEntry>> {
  declare readonly state?: OutboxState;
  declare readonly page: PageRequest<OutboxSortField>;

  constructor(props: MessageProps<ListOutboxRecords>) {
    super(props);
  }
}
