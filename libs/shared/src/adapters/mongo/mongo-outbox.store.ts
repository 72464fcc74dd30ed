import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { OutboxRecord, OutboxStore } from '../../service_layer/outbox.port';
import { OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase, type OutboxDocument } from './mongo-document-session';

/**
 * The relay's view of the MongoDB outbox. Claiming is a find followed by one conditional update
 * per record: the update only matches while the record is still free, so when two relays race for
 * the same record exactly one update matches, and the loser simply skips it.
 */
@Injectable()
export class MongoOutboxStore implements OutboxStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async claim(limit: number, now: Date, leaseUntil: Date): Promise<OutboxRecord[]> {
    const candidates = await this.outbox()
      .find(claimable(now), { projection: { _id: 1 }, sort: { occurred_at: 1 }, limit })
      .toArray();
    const claimed: OutboxRecord[] = [];
    for (const { _id } of candidates) {
      const document = await this.outbox().findOneAndUpdate(
        { _id, ...claimable(now) },
        { $set: { lease_until: leaseUntil } },
        { returnDocument: 'after' },
      );
      if (document) {
        claimed.push(toOutboxRecord(document));
      }
    }
    return claimed;
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.update(id, { $set: { sent_at: at, lease_until: null } });
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    await this.update(id, { $inc: { attempts: 1 }, $set: { last_error: error, retry_at: retryAt, lease_until: null } });
  }

  async countPending(): Promise<number> {
    return this.outbox().countDocuments({ sent_at: null });
  }

  private async update(id: string, change: mongo.UpdateFilter<OutboxDocument>): Promise<void> {
    const { matchedCount } = await this.outbox().updateOne({ _id: id }, change);
    if (matchedCount === 0) {
      throw new Error(`Outbox record ${id} does not exist`);
    }
  }

  private outbox(): mongo.Collection<OutboxDocument> {
    return nativeDatabase(this.connection).collection<OutboxDocument>(OUTBOX_COLLECTION);
  }
}

/** Unsent, due, and not leased. A lease ending at `now` has ended, as in the memory driver. */
function claimable(now: Date): mongo.Filter<OutboxDocument> {
  return {
    sent_at: null,
    retry_at: { $lte: now },
    $or: [{ lease_until: null }, { lease_until: { $lte: now } }],
  };
}

function toOutboxRecord(document: OutboxDocument): OutboxRecord {
  return {
    id: document._id,
    type: document.type,
    aggregateId: document.aggregate_id,
    payload: document.payload,
    occurredAt: document.occurred_at,
    correlationId: document.correlation_id,
    attempts: document.attempts,
  };
}
