import { Query, MessageMetadata } from '../command';
import type { OutboxEntry } from '../outbox-view.port';

export class GetOutboxRecord extends Query<OutboxEntry> {
  constructor(
    readonly recordId: string,
    metadata: MessageMetadata,
  ) {
    super(metadata);
  }
}
