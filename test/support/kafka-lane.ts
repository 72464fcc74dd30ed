import { randomBytes } from 'node:crypto';

/** Where a suite's Kafka leg runs: against the brokers KAFKA_BROKERS names (`make up` publishes one at localhost:29092). */
export interface KafkaLane {
  brokers: string[];
  /** Why the leg cannot run here (printed once, visibly), or null. */
  skipped: string | null;
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
    console.warn(skipped);
  }
  return { brokers, skipped };
}

/**
 * An environment name of its own for each run, so its topics and consumer groups
 * (`keepem.<environment>.…`) are new: the suite runs again and again against the same broker.
 */
export function uniqueKafkaEnvironment(): string {
  return `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
