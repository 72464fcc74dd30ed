import { Query, MessageProps } from '../command';
import type { DeadLetter } from '../dead-letter-store.port';

export class GetDeadLetter extends Query<DeadLetter> {
  declare readonly letterId: string;

  constructor(props: MessageProps<GetDeadLetter>) {
    super(props);
  }
}
