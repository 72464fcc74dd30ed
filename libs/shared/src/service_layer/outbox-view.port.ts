import { OutboxRecord, OutboxState } from './outbox.port';
import { Page, PageRequest } from './paging';

export const OUTBOX_VIEW = Symbol('OUTBOX_VIEW');

/** An outbox record as an administrator sees it: the event and how its delivery went. */
export interface OutboxEntry extends OutboxRecord {
  state: OutboxState;
  lastError: string | null;
  retryAt: Date;
  sentAt: Date | null;
  deadAt: Date | null;
}

export type OutboxSortField = 'occurredAt' | 'attempts';

/** The query side of the outbox, for operators: what is stuck, and why. */
export interface OutboxView {
  findById(id: string): Promise<OutboxEntry | null>;
  /** Records in the given state (all when none), ties in the order they are delivered in. */
  page(state: OutboxState | undefined, request: PageRequest<OutboxSortField>): Promise<Page<OutboxEntry>>;
}
