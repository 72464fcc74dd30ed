import { Query, MessageProps } from '../command';
import type { DeadLetter, DeadLetterFilter, DeadLetterSortField } from '../dead-letter-store.port';
import type { Page, PageRequest } from '../paging';

/** Dead letters, all or those of one consumer, replayed or not, a page at a time. */
export class ListDeadLetters extends Query<Page<DeadLetter>> {
  declare readonly filter: DeadLetterFilter;
  declare readonly page: PageRequest<DeadLetterSortField>;

  constructor(props: MessageProps<ListDeadLetters>) {
    super(props);
  }
}
