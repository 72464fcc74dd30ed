/**
 * The headers of a record on an events topic, after the CloudEvents Kafka binding (binary mode):
 * a consumer in any language finds the envelope in `ce_*` headers and the payload, plain JSON, in
 * the value. The key is the aggregate id.
 */
export const EVENT_HEADERS = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  /** The event's place among its aggregate's events (1, 2, 3…). */
  sequence: 'ce_sequence',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  contentType: 'content-type',
  /** The codec the producer compressed the record's batch with, `gzip` or `identity`; Kafka clients undo it themselves. */
  contentEncoding: 'content-encoding',
} as const;

/** Added to a record sent to `<topic>.dlq`, beside the original headers, key and value. */
export const DEAD_LETTER_HEADERS = {
  consumer: 'dlq_consumer',
  error: 'dlq_error',
  attempts: 'dlq_attempts',
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  deadAt: 'dlq_dead_at',
} as const;
