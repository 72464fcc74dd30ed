import type { Connection } from 'mongoose';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { INBOX_COLLECTION, OUTBOX_COLLECTION, uniqueIndexName } from '../persistence/stored-document';
import { ensureDeadLetterIndexes } from './mongo-dead-letter.store';
import { nativeDatabase } from './mongo-document-session';
import { DELIVERY_ORDER } from './mongo-outbox.store';

/**
 * Creates the indexes every collection needs. Collections are not created one by one: creating an
 * index creates its collection, and MongoDB 4.4 and later create a collection that has none on its
 * first insert, inside the transaction that makes it (on a replica set; not in a cross-shard write).
 * Idempotent: runs at every start, and two instances starting at once both succeed.
 */
export async function ensureIndexes(connection: Connection, registry: RepositoryRegistry): Promise<void> {
  const database = nativeDatabase(connection);
  for (const spec of registry.collections()) {
    for (const { fields } of spec.uniqueIndexes) {
      await database.collection(spec.name).createIndex(Object.fromEntries(fields.map((field) => [field, 1])), {
        name: uniqueIndexName(fields),
        unique: true,
        // Only documents that have every field take part, so documents without the field (an
        // optional value left out) do not all collide on "missing", as in the memory driver.
        partialFilterExpression: Object.fromEntries(fields.map((field) => [field, { $exists: true }])),
      });
    }
    for (const fields of spec.lookupIndexes ?? []) {
      await database.collection(spec.name).createIndex(Object.fromEntries(fields.map((field) => [field, 1])), { name: fields.join('_') });
    }
  }
  const outbox = database.collection(OUTBOX_COLLECTION);
  // The relay's claim: pending records in delivery order, then the check for an earlier undelivered
  // record of the same aggregate (unique: two records of one aggregate never share a number).
  await outbox.createIndex({ state: 1, ...DELIVERY_ORDER }, { name: 'state_delivery_order' });
  await outbox.createIndex({ aggregate_id: 1, sequence: 1 }, { name: 'aggregate_sequence', unique: true });
  // The relay's purge of what is older than the retention.
  await outbox.createIndex({ state: 1, sent_at: 1 }, { name: 'state_sent_at' });
  // Inbox entries are purged with the record of their event.
  await database.collection(INBOX_COLLECTION).createIndex({ event_id: 1 }, { name: 'event_id' });
  await ensureDeadLetterIndexes(database);
}
