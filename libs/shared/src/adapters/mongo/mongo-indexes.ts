import type { Connection, mongo } from 'mongoose';
import { RepositoryRegistry } from '../persistence/repository-registry';
import { OUTBOX_COLLECTION } from '../persistence/stored-document';
import { nativeDatabase } from './mongo-document-session';

const NAMESPACE_EXISTS = 48;

/**
 * Creates every collection the unit of work writes to, and its indexes. Collections are created
 * here, before any transaction runs, because a transaction cannot always create one (never before
 * MongoDB 4.4, and still not in a cross-shard write). Idempotent: runs at every start.
 */
export async function ensureIndexes(connection: Connection, registry: RepositoryRegistry): Promise<void> {
  const database = nativeDatabase(connection);
  const specs = registry.collections();
  await createMissingCollections(database, [...specs.map((spec) => spec.name), OUTBOX_COLLECTION]);
  for (const spec of specs) {
    for (const fields of spec.uniqueIndexes) {
      await database.collection(spec.name).createIndex(Object.fromEntries(fields.map((field) => [field, 1])), {
        name: `unique_${fields.join('_')}`,
        unique: true,
        // Only documents that have every field take part, so documents without the field (an
        // optional value left out) do not all collide on "missing", as in the memory driver.
        partialFilterExpression: Object.fromEntries(fields.map((field) => [field, { $exists: true }])),
      });
    }
  }
  // The relay's claim filters on both fields at every poll.
  await database.collection(OUTBOX_COLLECTION).createIndex({ sent_at: 1, retry_at: 1 }, { name: 'pending_due' });
}

async function createMissingCollections(database: mongo.Db, names: string[]): Promise<void> {
  const existing = new Set((await database.listCollections({}, { nameOnly: true }).toArray()).map(({ name }) => name));
  for (const name of new Set(names)) {
    if (existing.has(name)) {
      continue;
    }
    try {
      await database.createCollection(name);
    } catch (error) {
      // Another instance starting at the same moment created it first: that is all we wanted.
      if ((error as { code?: unknown }).code !== NAMESPACE_EXISTS) {
        throw error;
      }
    }
  }
}
