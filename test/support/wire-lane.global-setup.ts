import { startJongodb } from './jongodb-server';
import type { MongoReplicaSet } from './mongo-replica-set';

declare global {
  var wireLaneServer: MongoReplicaSet | undefined;
}

/**
 * Starts the wire lane's server before any e2e suite loads: the app picks its persistence driver
 * from MONGODB_URL when its module is imported, and each suite's app then works in a database of
 * its own on this server (startTestApp).
 */
export default async function startWireLane(): Promise<void> {
  globalThis.wireLaneServer = await startJongodb();
  process.env.MONGODB_URL = globalThis.wireLaneServer.url;
  process.env.MONGODB_LANE = 'wire';
  console.log('\nMongoDB wire lane: e2e tests that race writes to one document (itRacing) run only on the other lanes');
}
