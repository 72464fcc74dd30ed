import type { Connection } from 'mongoose';
import { jongodbSkipReason, startJongodb } from './jongodb-server';
import { mongoSkipReason, type MongoReplicaSet, startProbedReplicaSet } from './mongo-replica-set';

/**
 * Where the MongoDB leg of a contract suite runs (README, "Which guarantee is proven where"):
 * - the wire lane, a jongodb test server from npm, always here: driver code, sessions, transactions,
 *   queries and indexes;
 * - the full lane, a real replica set (MONGODB_URL, or mongodb-memory-server where a mongod binary
 *   can be had): the only proof of write-conflict semantics.
 */
export interface MongoLane {
  name: string;
  /** Why the lane cannot run here (printed once, visibly), or null. */
  skipped: string | null;
  /**
   * Whether concurrent writes to one document are serialised as on a real server: transactions that
   * write it conflict, and of two conditional updates racing for it only one matches.
   */
  writeConflicts: boolean;
  start(): Promise<MongoReplicaSet>;
  /** Ends a test's connection, dropping its database where the server can. */
  discard(connection: Connection): Promise<void>;
}

export function wireLane(suite: string): MongoLane {
  const reason = jongodbSkipReason();
  const skipped = reason ? `skipped: ${suite}, MongoDB wire lane (${reason})` : null;
  if (skipped) {
    console.warn(skipped);
  } else {
    console.warn(`${suite}, MongoDB wire lane: tests that race writes to one document run only on the full lane`);
  }
  // The server has no dropDatabase; each suite's server and everything in it go away at its end.
  const discard = (connection: Connection) => connection.close();
  return { name: 'mongo wire lane (jongodb)', skipped, writeConflicts: false, start: startJongodb, discard };
}

export function fullLane(): MongoLane {
  const discard = async (connection: Connection) => {
    await connection.dropDatabase();
    await connection.close();
  };
  return { name: 'mongo full lane (replica set)', skipped: mongoSkipReason(), writeConflicts: true, start: startProbedReplicaSet, discard };
}
