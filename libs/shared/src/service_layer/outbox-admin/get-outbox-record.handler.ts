import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/domain-error';
import { OUTBOX_VIEW, type OutboxEntry, type OutboxView } from '../outbox-view.port';
import { GetOutboxRecord } from './get-outbox-record.query';

@QueryHandler(GetOutboxRecord)
export class GetOutboxRecordHandler implements IQueryHandler<GetOutboxRecord> {
  constructor(@Inject(OUTBOX_VIEW) private readonly view: OutboxView) {}

  async execute(query: GetOutboxRecord): Promise<OutboxEntry> {
    const entry = await this.view.findById(query.recordId);
    if (!entry) {
      throw new NotFoundError('Outbox record');
    }
    return entry;
  }
}
