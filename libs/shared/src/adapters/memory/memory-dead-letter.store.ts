import { Injectable } from '@nestjs/common';
import { DeadLetter, DeadLetterFilter, DeadLetterSortField, DeadLetterStore, ReplayMark } from '../../service_layer/dead-letter-store.port';
import { Page, PageRequest } from '../../service_layer/paging';
import { copyDocument } from './copy-document';

/**
 * The embedded dead-letter store. Nothing in one process writes to it (the in-process broker has
 * no dead letters: the outbox keeps a record a consumer refused), but every process has the port,
 * and the admin routes answer the same on either driver.
 */
@Injectable()
export class MemoryDeadLetterStore implements DeadLetterStore {
  private readonly letters = new Map<string, DeadLetter>();
  /** The letter kept for each consumer and message id, as MongoDB's unique index holds it. */
  private readonly byDelivery = new Map<string, DeadLetter>();

  async add(letter: DeadLetter): Promise<void> {
    const key = deliveryKey(letter);
    const kept = this.byDelivery.get(key);
    if (kept) {
      if (kept.replayedAt !== null) {
        diedAgain(kept, letter);
      }
      return;
    }
    if (this.letters.has(letter.id)) {
      return;
    }
    const copy = copyDocument(letter);
    this.letters.set(copy.id, copy);
    this.byDelivery.set(key, copy);
  }

  async findById(id: string): Promise<DeadLetter | null> {
    const letter = this.letters.get(id);
    return letter ? copyDocument(letter) : null;
  }

  async page(request: PageRequest<DeadLetterSortField>, filter: DeadLetterFilter = {}): Promise<Page<DeadLetter>> {
    const sign = request.sort.direction === 'asc' ? 1 : -1;
    const matching = [...this.letters.values()]
      .filter(
        (letter) =>
          (filter.consumer === undefined || letter.consumer === filter.consumer) &&
          (filter.replayed === undefined || (letter.replayedAt !== null) === filter.replayed),
      )
      .sort((a, b) => sign * (a.deadAt.getTime() - b.deadAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    const start = request.number * request.size;
    return { items: matching.slice(start, start + request.size).map(copyDocument), totalElements: matching.length };
  }

  async markReplayed(id: string, at: Date): Promise<ReplayMark | undefined> {
    const letter = this.letters.get(id);
    if (!letter) {
      return undefined;
    }
    const previous = letter.replayedAt;
    letter.replayedAt = new Date(at);
    return { previous };
  }

  async unmarkReplayed(id: string, at: Date, mark: ReplayMark): Promise<boolean> {
    const letter = this.letters.get(id);
    if (letter?.replayedAt?.getTime() !== at.getTime()) {
      return false;
    }
    letter.replayedAt = mark.previous && new Date(mark.previous);
    return true;
  }
}

function deliveryKey(letter: DeadLetter): string {
  return JSON.stringify([letter.consumer, letter.message.id]);
}

function diedAgain(kept: DeadLetter, letter: DeadLetter): void {
  kept.topic = letter.topic;
  kept.partition = letter.partition;
  kept.offset = letter.offset;
  kept.error = letter.error;
  kept.attempts = letter.attempts;
  kept.deadAt = letter.deadAt;
  kept.replayedAt = null;
}
