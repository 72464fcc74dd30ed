import { MemoryDeadLetterStore } from '../../libs/shared/src/adapters/memory/memory-dead-letter.store';
import type { DeadLetter } from '@keepem/shared/service_layer';

/** The embedded dead-letter store, which a test can make fail once, as a database out of reach would. */
export class KeptDeadLetters extends MemoryDeadLetterStore {
  failNextAdd = false;

  override async add(letter: DeadLetter): Promise<void> {
    if (this.failNextAdd) {
      this.failNextAdd = false;
      throw new Error('the dead letter store cannot be reached');
    }
    await super.add(letter);
  }

  /** Every letter kept, the first to die first. */
  async all(): Promise<DeadLetter[]> {
    return (await this.page({ number: 0, size: 1_000, sort: { field: 'deadAt', direction: 'asc' } })).items;
  }
}
