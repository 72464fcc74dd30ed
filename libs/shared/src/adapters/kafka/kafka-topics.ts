/**
 * The names Kafka knows us by. One topic per publishing context carries all of its events, so a
 * consumer group reads one context's history in order; each topic has a dead-letter topic beside it.
 */
export function eventsTopic(environment: string, context: string): string {
  return `keepem.${environment}.${context}.events`;
}

export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** One consumer group per consuming context: each context reads every topic at its own pace. */
export function consumerGroup(environment: string, context: string): string {
  return `keepem.${environment}.${context}`;
}
