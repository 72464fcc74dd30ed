import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, NotFoundError } from '../../domain/domain-error';
import { OUTBOX_VIEW, type OutboxView } from '../outbox-view.port';
import { OUTBOX_STORE, type OutboxStore } from '../outbox.port';
import { OutboxSignal } from '../outbox-signal';
import { RetryOutboxRecord } from './retry-outbox-record.command';

/**
 * Not a unit of work: an outbox record is the relay's bookkeeping, not an aggregate, and the store
 * turns it from dead to pending in one conditional write, so of two retries at once one wins.
 */
@CommandHandler(RetryOutboxRecord)
export class RetryOutboxRecordHandler implements ICommandHandler<RetryOutboxRecord> {
  constructor(
    @Inject(OUTBOX_STORE) private readonly outbox: OutboxStore,
    @Inject(OUTBOX_VIEW) private readonly view: OutboxView,
    private readonly signal: OutboxSignal,
  ) {}

  async execute(command: RetryOutboxRecord): Promise<void> {
    if (await this.outbox.retryDead(command.recordId, command.metadata.at)) {
      this.signal.committed();
      return;
    }
    const entry = await this.view.findById(command.recordId);
    if (!entry) {
      throw new NotFoundError('Outbox record');
    }
    throw new ConflictError(`Only a dead record can be retried; this one is ${entry.state}`, [
      { field: 'id', message: `the record is ${entry.state}, not dead` },
    ]);
  }
}
