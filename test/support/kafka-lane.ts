import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { printSkipLine } from './skip-line';

/**
 * Where the Kafka leg of a suite runs: against the brokers of KAFKA_BROKERS, e.g. the stack of
 * `make up`, which publishes one to the host at localhost:29092. No broker can run on the machines
 * that run the suites otherwise, so there the leg says why it is skipped, once and visibly.
 */
export interface KafkaLane {
  /** Why the leg cannot run here (printed once, visibly), or null. */
  skipped: string | null;
  brokers: string[];
}

export function kafkaLane(suite: string): KafkaLane {
  const brokers = (process.env.KAFKA_BROKERS ?? '')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
  const skipped =
    brokers.length === 0
      ? `skipped: ${suite}, Kafka leg (KAFKA_BROKERS is not set; run \`make up\` and KAFKA_BROKERS=localhost:29092)`
      : null;
  if (skipped) {
    printSkipLine(skipped);
  }
  return { skipped, brokers };
}

/**
 * A context name no other run has used, so each run publishes to topics of its own
 * (keepem.<env>.<context>.events) on a broker that keeps what earlier runs left.
 */
export function uniqueContext(purpose: string): string {
  return `${purpose}${randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

/** A plain kafkajs client for a test to read and clean up with, as any other service would: not the adapter under test. */
export function testKafkaClient(lane: KafkaLane): Kafka {
  return new Kafka({ clientId: 'keepem-test', brokers: lane.brokers, logLevel: logLevel.WARN });
}
