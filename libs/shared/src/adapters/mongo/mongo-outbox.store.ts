import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { OutboxClaim, OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import type { InboxEntry } from '../persistence/document-inbox';
import { INBOX_COLLECTION, OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase, type OutboxDocument, toOutboxRecord } from './mongo-document-session';

/** The order both stores hand records out in: occurred first, then lower sequence, then id. */
export const DELIVERY_ORDER = { occurred_at: 1, sequence: 1, _id: 1 } as const;

/** Candidates whose aggregates are checked in one query, and records purged per round. */
const BATCH = 100;

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
      batchSize: BATCH,
    });
    try {
      for (let batch = await nextBatch(candidates); batch.length > 0; batch = await nextBatch(candidates)) {
        // Records only ever leave the undelivered set (or come back into it from dead, where they
        // already held their successors back), so what this says stays true while the claim goes on.
        const firstUndelivered = await this.firstUndeliveredSequences(batch.map((candidate) => candidate.aggregate_id));
        for (const candidate of batch) {
          if (candidate.sequence > firstUndelivered.get(candidate.aggregate_id)!) {
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

  postpone(id: string, token: string, retryAt: Date): Promise<boolean> {
    return this.updateHeld(id, token, { $set: { retry_at: retryAt, ...RELEASED } });
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
    const purged = { records: 0, inboxEntries: 0 };
    for (;;) {
      const doomed = await this.outbox()
        .find({ state: 'sent', sent_at: { $lt: before } }, { projection: { _id: 1 }, limit: BATCH })
        .toArray();
      if (doomed.length === 0) {
        return purged;
      }
      const ids = doomed.map(({ _id }) => _id);
      // The inbox entries first: a crash in between leaves records that the next purge takes again.
      const inbox = nativeDatabase(this.connection).collection<InboxEntry>(INBOX_COLLECTION);
      purged.inboxEntries += (await inbox.deleteMany({ event_id: { $in: ids } })).deletedCount;
      purged.records += (await this.outbox().deleteMany({ _id: { $in: ids } })).deletedCount;
    }
  }

  async countPending(): Promise<number> {
    return this.outbox().countDocuments({ state: 'pending' });
  }

  /** For each aggregate, the lowest sequence among its undelivered records: the one record of it that may go next. */
  private async firstUndeliveredSequences(aggregateIds: string[]): Promise<Map<string, number>> {
    const firsts = await this.outbox()
      .aggregate<{ _id: string; first: number }>([
        { $match: { aggregate_id: { $in: [...new Set(aggregateIds)] }, state: { $ne: 'sent' } } },
        { $sort: { sequence: 1 } },
        { $group: { _id: '$aggregate_id', first: { $first: '$sequence' } } },
      ])
      .toArray();
    return new Map(firsts.map(({ _id, first }) => [_id, first]));
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

/** Up to BATCH documents the cursor has next; none once it is exhausted. */
async function nextBatch<Document>(cursor: mongo.FindCursor<Document>): Promise<Document[]> {
  const batch: Document[] = [];
  for (let next = await cursor.next(); next !== null; next = batch.length < BATCH ? await cursor.next() : null) {
    batch.push(next);
  }
  return batch;
}
