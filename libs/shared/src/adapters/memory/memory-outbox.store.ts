import { Injectable } from '@nestjs/common';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { OutboxClaim, OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { InboxEntry } from '../persistence/document-inbox';
import { INBOX_COLLECTION } from '../persistence/stored-document';
import { MemoryDocumentStore, MemoryOutboxEntry } from './memory-document-store';
import { copyDocument } from './copy-document';

/**
 * The relay's view of the embedded outbox. A claim picks its candidate, lets other callers run, and
 * then takes the candidate only if it is still free, as the MongoDB store's find and conditional
 * update do: so the two stores meet the same races, and the contract suite's race tests can fail.
 */
@Injectable()
export class MemoryOutboxStore implements OutboxStore {
  constructor(private readonly store: MemoryDocumentStore) {}

  async claimNext(claim: OutboxClaim, now: Date): Promise<OutboxRecord | null> {
    // Records only ever leave the undelivered set (or come back into it from dead, where they
    // already blocked their successors), so a record first of its aggregate stays first while the
    // claim goes on.
    for (const candidate of this.claimableFirstsInOrder(now)) {
      await yieldToOthers();
      if (isClaimable(candidate, now)) {
        candidate.claimToken = claim.token;
        candidate.leaseUntil = claim.leaseUntil;
        return copyDocument(candidate.record);
      }
    }
    return null;
  }

  async renew(id: string, claim: OutboxClaim): Promise<boolean> {
    const entry = this.held(id, claim.token);
    if (entry) {
      entry.leaseUntil = claim.leaseUntil;
    }
    return entry !== null;
  }

  async markSent(id: string, token: string, at: Date): Promise<boolean> {
    return this.settle(id, token, (entry) => {
      entry.state = 'sent';
      entry.sentAt = at;
      this.store.delivered(entry);
    });
  }

  async markFailed(id: string, token: string, error: string, retryAt: Date): Promise<boolean> {
    return this.settle(id, token, (entry) => {
      entry.record.attempts += 1;
      entry.lastError = error;
      entry.retryAt = retryAt;
    });
  }

  async postpone(id: string, token: string, retryAt: Date): Promise<boolean> {
    return this.settle(id, token, (entry) => {
      entry.retryAt = retryAt;
    });
  }

  async markDead(id: string, token: string, error: string, at: Date): Promise<boolean> {
    return this.settle(id, token, (entry) => {
      entry.record.attempts += 1;
      entry.lastError = error;
      entry.state = 'dead';
      entry.deadAt = at;
    });
  }

  async retryDead(id: string, at: Date): Promise<boolean> {
    const entry = this.store.outbox.get(id);
    if (entry?.state !== 'dead') {
      return false;
    }
    entry.state = 'pending';
    entry.record.attempts = 0;
    entry.retryAt = at;
    entry.deadAt = null;
    return true;
  }

  async purgeBefore(before: Date): Promise<{ records: number; inboxEntries: number }> {
    const doomed = new Set<string>();
    for (const [id, entry] of this.store.outbox) {
      if (entry.state === 'sent' && entry.sentAt !== null && entry.sentAt < before) {
        doomed.add(id);
      }
    }
    const inboxEntries = this.store.deleteWhere(INBOX_COLLECTION, (document) => doomed.has((document as InboxEntry).event_id));
    doomed.forEach((id) => this.store.outbox.delete(id));
    return { records: doomed.size, inboxEntries };
  }

  async countPending(): Promise<number> {
    let pending = 0;
    for (const queue of this.store.undeliveredByAggregate.values()) {
      pending += queue.filter((entry) => entry.state === 'pending').length;
    }
    return pending;
  }

  /** The record, while `token` still holds its claim. */
  private held(id: string, token: string): MemoryOutboxEntry | null {
    const entry = this.store.outbox.get(id);
    return entry?.state === 'pending' && entry.claimToken === token ? entry : null;
  }

  /** Ends a claim that `token` still holds with `change`. */
  private settle(id: string, token: string, change: (entry: MemoryOutboxEntry) => void): boolean {
    const entry = this.held(id, token);
    if (!entry) {
      return false;
    }
    entry.claimToken = null;
    entry.leaseUntil = null;
    change(entry);
    return true;
  }

  /**
   * Of each aggregate's undelivered records, the one with the lowest sequence, the only one of it
   * that may go next, when it is claimable; in delivery order. Looking at one record per aggregate
   * keeps a claim as cheap with a long backlog behind one busy aggregate as without it.
   */
  private claimableFirstsInOrder(now: Date): MemoryOutboxEntry[] {
    const firsts: MemoryOutboxEntry[] = [];
    for (const [first] of this.store.undeliveredByAggregate.values()) {
      if (isClaimable(first, now)) {
        firsts.push(first);
      }
    }
    return firsts.sort(byDeliveryOrder);
  }
}

/** Pending, due, and not leased. A lease ending at `now` has ended. */
function isClaimable(entry: MemoryOutboxEntry, now: Date): boolean {
  return entry.state === 'pending' && entry.retryAt <= now && (entry.leaseUntil === null || entry.leaseUntil <= now);
}

/** The order both stores hand records out in: occurred first, then lower sequence, then id. */
export function byDeliveryOrder(a: MemoryOutboxEntry, b: MemoryOutboxEntry): number {
  const [first, second] = [a.record, b.record];
  return (
    first.occurredAt.getTime() - second.occurredAt.getTime() ||
    first.sequence - second.sequence ||
    (first.id < second.id ? -1 : first.id > second.id ? 1 : 0)
  );
}
