import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import type { JsonObject } from '../../contracts/integration-event';
import { DeadLetter, DeadLetterFilter, DeadLetterSortField, DeadLetterStore, ReplayMark } from '../../service_layer/dead-letter-store.port';
import type { IntegrationMessage } from '../../service_layer/message-broker.port';
import { Page, PageRequest } from '../../service_layer/paging';
import { nativeDatabase } from './mongo-document-session';

export const DEAD_LETTERS_COLLECTION = 'dead_letters';

const DUPLICATE_KEY = 11000;

/** A dead letter as stored: snake_case like every other collection, the message as it travelled. */
interface DeadLetterDocument {
  _id: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  message: {
    id: string;
    source: string;
    type: string;
    aggregate_id: string;
    sequence: number;
    payload: JsonObject;
    /** Kept as the ISO string the message carried, so a replay sends exactly what died. */
    occurred_at: string;
    correlation_id: string;
    causation_id: string;
  };
  error: string;
  attempts: number;
  dead_at: Date;
  replayed_at: Date | null;
}

/** The stored field each sortable field is read from. */
const STORED_SORT_FIELDS: Record<DeadLetterSortField, keyof DeadLetterDocument> = { deadAt: 'dead_at' };

/**
 * One letter per consumer and message, held by a unique index: the worker adds a letter again
 * after a crash between adding it and committing its offset, and the second insert is refused.
 */
export async function ensureDeadLetterIndexes(database: mongo.Db): Promise<void> {
  const letters = database.collection(DEAD_LETTERS_COLLECTION);
  await letters.createIndex({ consumer: 1, 'message.id': 1 }, { name: 'unique_consumer_message_id', unique: true });
  // The admin list: newest (or oldest) first, ties by id in the same direction, read either way.
  await letters.createIndex({ dead_at: 1, _id: 1 }, { name: 'dead_at__id' });
}

@Injectable()
export class MongoDeadLetterStore implements DeadLetterStore {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async add(letter: DeadLetter): Promise<void> {
    const document = toDocument(letter);
    // Died again after a replay: the kept letter takes the new death's place.
    const { matchedCount } = await this.letters().updateOne(
      { consumer: document.consumer, 'message.id': document.message.id, replayed_at: { $ne: null } },
      {
        $set: {
          topic: document.topic,
          partition: document.partition,
          offset: document.offset,
          error: document.error,
          attempts: document.attempts,
          dead_at: document.dead_at,
          replayed_at: null,
        },
      },
    );
    if (matchedCount === 1) {
      return;
    }
    try {
      await this.letters().insertOne(document, { ignoreUndefined: true });
    } catch (error) {
      if (!isDuplicateKey(error)) {
        throw error;
      }
    }
  }

  async findById(id: string): Promise<DeadLetter | null> {
    const document = await this.letters().findOne({ _id: id });
    return document ? toDeadLetter(document) : null;
  }

  async page(request: PageRequest<DeadLetterSortField>, filter: DeadLetterFilter = {}): Promise<Page<DeadLetter>> {
    const query: mongo.Filter<DeadLetterDocument> = {};
    if (filter.consumer !== undefined) {
      query.consumer = filter.consumer;
    }
    if (filter.replayed !== undefined) {
      query.replayed_at = filter.replayed ? { $ne: null } : null;
    }
    const direction = request.sort.direction === 'asc' ? 1 : -1;
    const sort: [string, 1 | -1][] = [
      [STORED_SORT_FIELDS[request.sort.field], direction],
      ['_id', direction],
    ];
    const documents = await this.letters()
      .find(query, { sort, skip: request.number * request.size, limit: request.size })
      .toArray();
    const totalElements = await this.letters().countDocuments(query);
    return { items: documents.map(toDeadLetter), totalElements };
  }

  async markReplayed(id: string, at: Date): Promise<ReplayMark | undefined> {
    const before = await this.letters().findOneAndUpdate(
      { _id: id },
      { $set: { replayed_at: at } },
      { returnDocument: 'before', projection: { replayed_at: 1 } },
    );
    return before ? { previous: before.replayed_at } : undefined;
  }

  async unmarkReplayed(id: string, at: Date, mark: ReplayMark): Promise<boolean> {
    const { matchedCount } = await this.letters().updateOne({ _id: id, replayed_at: at }, { $set: { replayed_at: mark.previous } });
    return matchedCount === 1;
  }

  private letters(): mongo.Collection<DeadLetterDocument> {
    return nativeDatabase(this.connection).collection<DeadLetterDocument>(DEAD_LETTERS_COLLECTION);
  }
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}

function toDocument(letter: DeadLetter): DeadLetterDocument {
  const { message } = letter;
  return {
    _id: letter.id,
    consumer: letter.consumer,
    topic: letter.topic,
    partition: letter.partition,
    offset: letter.offset,
    message: {
      id: message.id,
      source: message.source,
      type: message.type,
      aggregate_id: message.aggregateId,
      sequence: message.sequence,
      payload: message.payload,
      occurred_at: message.occurredAt,
      correlation_id: message.correlationId,
      causation_id: message.causationId,
    },
    error: letter.error,
    attempts: letter.attempts,
    dead_at: letter.deadAt,
    replayed_at: letter.replayedAt,
  };
}

function toDeadLetter(document: DeadLetterDocument): DeadLetter {
  const { message } = document;
  const integrationMessage: IntegrationMessage = {
    id: message.id,
    source: message.source,
    type: message.type,
    aggregateId: message.aggregate_id,
    sequence: message.sequence,
    payload: message.payload,
    occurredAt: message.occurred_at,
    correlationId: message.correlation_id,
    causationId: message.causation_id,
  };
  return {
    id: document._id,
    consumer: document.consumer,
    topic: document.topic,
    partition: document.partition,
    offset: document.offset,
    message: integrationMessage,
    error: document.error,
    attempts: document.attempts,
    deadAt: document.dead_at,
    replayedAt: document.replayed_at,
  };
}
