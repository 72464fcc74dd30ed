import type { KafkaAdmin } from './kafka-client';
import { deadLetterTopic, eventsTopic } from './kafka-topics';

export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
}

/** The topics a context's events need: its events topic, and the dead-letter topic beside it. */
export function topicsOfContext(environment: string, context: string): string[] {
  const topic = eventsTopic(environment, context);
  return [topic, deadLetterTopic(topic)];
}

/** Which topics were missing, all of which exist now; and whether this process created every one of them. */
export interface ProvisionedTopics {
  missing: string[];
  allCreatedHere: boolean;
}

/**
 * Creates those of `topics` the cluster does not have yet, with `settings`. A topic that exists is
 * left as it is, whatever its partitions: changing them would move keys to other partitions and
 * break the order per aggregate. Another process creating some of the same topics at the same moment
 * is no error: kafkajs then answers false rather than rejecting, having created the others, and
 * does not say which.
 */
export async function createMissingTopics(admin: KafkaAdmin, topics: string[], settings: TopicSettings): Promise<ProvisionedTopics> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) {
    return { missing, allCreatedHere: true };
  }
  const allCreatedHere = await admin.createTopics({
    topics: missing.map((topic) => ({ topic, numPartitions: settings.partitions, replicationFactor: settings.replicationFactor })),
  });
  return { missing, allCreatedHere };
}
