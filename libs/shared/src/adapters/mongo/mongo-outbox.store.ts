import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { OutboxClaim, OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import type { InboxEntry } from '../persistence/document-inbox';
import { INBOX_COLLECTION, OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase, type OutboxDocument, toOutboxRecord } from './mongo-document-session';

/** The order both stores hand records out in: occurred first, then lower sequence, then id. */
export const DELIVERY_ORDER = { occurred_at: 1, sequence: 1, _id: 1 } as const;

/**
 * The relay's view of the MongoDB outbox. Claiming is a find followed by one conditional update:
 * the update only matches while the record is still free, so when two relays race for a record
 * exactly one update matches, and the loser goes on to the next candidate. Every later write
 * matches on the claim's token as well, so a relay that lost its claim changes nothing.
 */
@Injectable()
export class MongoOutboxStore implements OutboxStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async claimNext(claim: OutboxClaim, now: Date): Promise<OutboxRecord | null> {
    const candidates = this.outbox().find(claimable(now), {
      projection: { _id: 1, aggregate_id: 1, sequence: 1 },
      sort: DELIVERY_ORDER,
    });
    // Per aggregate, the lowest sequence found waiting on an earlier record: its later records wait
    // too and are skipped without asking again (earlier ones, possibly further down, may not wait).
    const waitingFrom = new Map<string, number>();
    try {
      for await (const candidate of candidates) {
        if (candidate.sequence > (waitingFrom.get(candidate.aggregate_id) ?? Infinity)) {
          continue;
        }
        if (await this.hasEarlierUndelivered(candidate)) {
          waitingFrom.set(candidate.aggregate_id, candidate.sequence);
          continue;
        }
        const claimed = await this.outbox().findOneAndUpdate(
          { _id: candidate._id, ...claimable(now) },
          { $set: { claim_token: claim.token, lease_until: claim.leaseUntil } },
          { returnDocument: 'after' },
        );
        if (claimed) {
          return toOutboxRecord(claimed);
        }
      }
      return null;
    } finally {
      await candidates.close();
    }
  }

  renew(id: string, claim: OutboxClaim): Promise<boolean> {
    return this.updateHeld(id, claim.token, { $set: { lease_until: claim.leaseUntil } });
  }

  markSent(id: string, token: string, at: Date): Promise<boolean> {
    return this.updateHeld(id, token, { $set: { state: 'sent', sent_at: at, ...RELEASED } });
  }

  markFailed(id: string, token: string, error: string, retryAt: Date): Promise<boolean> {
    return this.updateHeld(id, token, { $inc: { attempts: 1 }, $set: { last_error: error, retry_at: retryAt, ...RELEASED } });
  }

  markDead(id: string, token: string, error: string, at: Date): Promise<boolean> {
    return this.updateHeld(id, token, { $inc: { attempts: 1 }, $set: { state: 'dead', last_error: error, dead_at: at, ...RELEASED } });
  }

  async retryDead(id: string, at: Date): Promise<boolean> {
    const { matchedCount } = await this.outbox().updateOne(
      { _id: id, state: 'dead' },
      { $set: { state: 'pending', attempts: 0, retry_at: at, dead_at: null } },
    );
    return matchedCount === 1;
  }

  async purgeBefore(before: Date): Promise<{ records: number; inboxEntries: number }> {
    const records = await this.outbox().deleteMany({ state: 'sent', sent_at: { $lt: before } });
    const inboxEntries = await nativeDatabase(this.connection)
      .collection<InboxEntry>(INBOX_COLLECTION)
      .deleteMany({
        $or: [
          { state: 'processed', processed_at: { $lt: before } },
          { state: 'claimed', lease_until: { $lt: before } },
        ],
      });
    return { records: records.deletedCount, inboxEntries: inboxEntries.deletedCount };
  }

  async countPending(): Promise<number> {
    return this.outbox().countDocuments({ state: 'pending' });
  }

  private async hasEarlierUndelivered(candidate: Pick<OutboxDocument, 'aggregate_id' | 'sequence'>): Promise<boolean> {
    const earlier = await this.outbox().findOne(
      { aggregate_id: candidate.aggregate_id, sequence: { $lt: candidate.sequence }, state: { $ne: 'sent' } },
      { projection: { _id: 1 } },
    );
    return earlier !== null;
  }

  private async updateHeld(id: string, token: string, change: mongo.UpdateFilter<OutboxDocument>): Promise<boolean> {
    const { matchedCount } = await this.outbox().updateOne({ _id: id, state: 'pending', claim_token: token }, change);
    return matchedCount === 1;
  }

  private outbox(): mongo.Collection<OutboxDocument> {
    return nativeDatabase(this.connection).collection<OutboxDocument>(OUTBOX_COLLECTION);
  }
}

const RELEASED = { claim_token: null, lease_until: null };

/** Pending, due, and not leased. A lease ending at `now` has ended, as in the memory driver. */
function claimable(now: Date): mongo.Filter<OutboxDocument> {
  return {
    state: 'pending',
    retry_at: { $lte: now },
    $or: [{ lease_until: null }, { lease_until: { $lte: now } }],
  };
}
