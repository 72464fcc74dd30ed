import type { DeadLetter, DeadLetterSortField, DeadLetterStore, Page, PageRequest } from '@keepem/shared/service_layer';

/**
 * A dead letter store that keeps what it is given, for the tests of what writes to it (the Kafka
 * dispatcher); the adapters' own behaviour is proven by their contract suite.
 */
export class KeptDeadLetters implements DeadLetterStore {
  readonly letters: DeadLetter[] = [];
  /** Makes the next `add` fail, as a database that cannot be reached would. */
  failNextAdd = false;

  async add(letter: DeadLetter): Promise<void> {
    if (this.failNextAdd) {
      this.failNextAdd = false;
      throw new Error('the dead letter store cannot be reached');
    }
    if (!this.letters.some((kept) => kept.consumer === letter.consumer && kept.message.id === letter.message.id)) {
      this.letters.push(structuredClone(letter));
    }
  }

  async findById(id: string): Promise<DeadLetter | null> {
    return this.letters.find((letter) => letter.id === id) ?? null;
  }

  async page(request: PageRequest<DeadLetterSortField>): Promise<Page<DeadLetter>> {
    const start = request.number * request.size;
    return { items: this.letters.slice(start, start + request.size), totalElements: this.letters.length };
  }

  async markReplayed(id: string, at: Date): Promise<boolean> {
    const letter = this.letters.find((kept) => kept.id === id);
    if (letter) {
      letter.replayedAt = at;
    }
    return letter !== undefined;
  }
}
