import type { IntegrationMessage } from './message-broker.port';
import type { Page, PageRequest } from './paging';

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** A message one consumer failed to take `attempts` times in a row, set aside so its partition could move on. */
export interface DeadLetter {
  /** The dead letter's own id: one message may die at several consumers. */
  id: string;
  /** The consumer that gave up on it, e.g. `users.activation-email`. */
  consumer: string;
  /** Where it was read from. */
  topic: string;
  partition: number;
  offset: string;
  message: IntegrationMessage;
  /** The last attempt's error. */
  error: string;
  attempts: number;
  deadAt: Date;
  /** When an administrator last put it back on its topic; null until then. */
  replayedAt: Date | null;
}

export type DeadLetterSortField = 'deadAt';

/** Written by the worker as it gives up on a message, read and replayed by an administrator. */
export interface DeadLetterStore {
  /** Keeps the letter; a second letter for the same consumer and message id changes nothing. */
  add(letter: DeadLetter): Promise<void>;
  findById(id: string): Promise<DeadLetter | null>;
  page(request: PageRequest<DeadLetterSortField>): Promise<Page<DeadLetter>>;
  /** False when no letter has this id. */
  markReplayed(id: string, at: Date): Promise<boolean>;
}
