import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OUTBOX_VIEW, type OutboxEntry, type OutboxView } from '../outbox-view.port';
import type { Page } from '../paging';
import { ListOutboxRecords } from './list-outbox-records.query';

@QueryHandler(ListOutboxRecords)
export class ListOutboxRecordsHandler implements IQueryHandler<ListOutboxRecords> {
  constructor(@Inject(OUTBOX_VIEW) private readonly view: OutboxView) {}

  execute(query: ListOutboxRecords): Promise<Page<OutboxEntry>> {
    return this.view.page(query.state, query.page);
  }
}
