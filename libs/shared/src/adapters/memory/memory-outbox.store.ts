import { Injectable } from '@nestjs/common';
import { OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { MemoryDocumentStore } from './memory-document-store';
import { copyDocument } from './copy-document';

@Injectable()
export class MemoryOutboxStore implements OutboxStore {
  constructor(private readonly store: MemoryDocumentStore) {}

  async claim(limit: number, now: Date, leaseUntil: Date): Promise<OutboxRecord[]> {
    const claimed: OutboxRecord[] = [];
    for (const entry of this.store.outbox.values()) {
      if (claimed.length === limit) {
        break;
      }
      const leased = entry.leaseUntil !== null && entry.leaseUntil > now;
      if (entry.sentAt === null && !leased && entry.retryAt <= now) {
        entry.leaseUntil = leaseUntil;
        claimed.push(copyDocument(entry.record));
      }
    }
    return claimed;
  }

  async markSent(id: string, at: Date): Promise<void> {
    const entry = this.entry(id);
    entry.sentAt = at;
    entry.leaseUntil = null;
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    const entry = this.entry(id);
    entry.record.attempts += 1;
    entry.lastError = error;
    entry.retryAt = retryAt;
    entry.leaseUntil = null;
  }

  async countPending(): Promise<number> {
    return [...this.store.outbox.values()].filter((entry) => entry.sentAt === null).length;
  }

  private entry(id: string) {
    const entry = this.store.outbox.get(id);
    if (!entry) {
      throw new Error(`Outbox record ${id} does not exist`);
    }
    return entry;
  }
}
