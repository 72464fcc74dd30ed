import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DEAD_LETTER_STORE, type DeadLetter, type DeadLetterStore } from '../dead-letter-store.port';
import type { Page } from '../paging';
import { ListDeadLetters } from './list-dead-letters.query';

@QueryHandler(ListDeadLetters)
export class ListDeadLettersHandler implements IQueryHandler<ListDeadLetters> {
  constructor(@Inject(DEAD_LETTER_STORE) private readonly letters: DeadLetterStore) {}

  execute(query: ListDeadLetters): Promise<Page<DeadLetter>> {
    return this.letters.page(query.page, query.filter);
  }
}
