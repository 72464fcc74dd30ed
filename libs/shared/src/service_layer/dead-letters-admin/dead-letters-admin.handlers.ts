import { GetDeadLetterHandler } from './get-dead-letter.handler';
import { ListDeadLettersHandler } from './list-dead-letters.handler';
import { ReplayDeadLetterHandler } from './replay-dead-letter.handler';

export const DEAD_LETTERS_ADMIN_HANDLERS = [ListDeadLettersHandler, GetDeadLetterHandler, ReplayDeadLetterHandler];
