import type { IntegrationMessage } from './message-broker.port';
import type { Page, PageRequest } from './paging';

export const DEAD_LETTER_STORE = Symbol('DEAD_LETTER_STORE');

/** A message one consumer failed to take `attempts` times in a row, set aside so its partition could move on. */
export interface DeadLetter {
  /** The dead letter's own id, a UUID: one message may die at several consumers. */
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
  /** When an administrator last put it back on its topic; null until then, and again once it died again. */
  replayedAt: Date | null;
}

export type DeadLetterSortField = 'deadAt';

/** Which letters a page lists; every letter when a field is left out. */
export interface DeadLetterFilter {
  consumer?: string;
  /** Only the letters put back on their topic since they died (true), or only those not (false). */
  replayed?: boolean;
}

/** Written by the worker as it gives up on a message, read and replayed by an administrator. */
export interface DeadLetterStore {
  /**
   * Keeps the letter; a second letter for the same consumer and message id changes nothing (the
   * worker may add it again after a crash). Once the kept letter has been replayed, though, the
   * message died again: the kept letter takes the new death's place, error and attempts, and is no
   * longer replayed.
   */
  add(letter: DeadLetter): Promise<void>;
  findById(id: string): Promise<DeadLetter | null>;
  /** Ties in `deadAt` are broken by id, in the same direction, so that pages never overlap. */
  page(request: PageRequest<DeadLetterSortField>, filter?: DeadLetterFilter): Promise<Page<DeadLetter>>;
  /**
   * Marks the letter replayed at `at`, answering when it was replayed before the mark (null if
   * never), or undefined when no letter has this id.
   */
  markReplayed(id: string, at: Date): Promise<ReplayMark | undefined>;
  /**
   * Undoes a mark whose replay did not happen: the letter is replayed at `mark.previous` again, but
   * only while it is still replayed at `at`, so a later replay's mark, or a death after the mark,
   * stays. False when nothing was undone.
   */
  unmarkReplayed(id: string, at: Date, mark: ReplayMark): Promise<boolean>;
}

/** What a mark replaced, so that it can be undone. */
export interface ReplayMark {
  previous: Date | null;
}
