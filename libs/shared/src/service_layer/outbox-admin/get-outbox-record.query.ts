import { Query, MessageProps } from '../command';
import type { OutboxEntry } from '../outbox-view.port';

export class GetOutboxRecord extends Query<OutboxEntry> {
  declare readonly recordId: string;

  constructor(props: MessageProps<GetOutboxRecord>) {
    super(props);
  }
}
