import { randomBytes } from 'node:crypto';

/**
 * An environment name of its own for each run, so its topics and consumer groups
 * (`keepem.<environment>.…`) are new: a suite runs again and again against the same broker.
 */
export function uniqueKafkaEnvironment(): string {
  return `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
