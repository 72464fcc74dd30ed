import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '../../domain/domain-error';
import { DEAD_LETTER_STORE, type DeadLetter, type DeadLetterStore } from '../dead-letter-store.port';
import { GetDeadLetter } from './get-dead-letter.query';

@QueryHandler(GetDeadLetter)
export class GetDeadLetterHandler implements IQueryHandler<GetDeadLetter> {
  constructor(@Inject(DEAD_LETTER_STORE) private readonly letters: DeadLetterStore) {}

  async execute(query: GetDeadLetter): Promise<DeadLetter> {
    const letter = await this.letters.findById(query.letterId);
    if (!letter) {
      throw new NotFoundError('Dead letter');
    }
    return letter;
  }
}
