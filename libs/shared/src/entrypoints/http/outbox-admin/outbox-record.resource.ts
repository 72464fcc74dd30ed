import type { OutboxEntry } from '../../../service_layer/outbox-view.port';
import { OUTBOX_STATES } from '../../../service_layer/outbox.port';
import type { ResponseSchema } from '../api-resource-response.decorator';
import { halLinks, type HalLinks, halPageSchema, halResourceSchema } from '../hal';

export const OUTBOX_ADMIN_PATH = '/api/v1/admin/outbox';
export const outboxRecordLocation = (id: string): string => `${OUTBOX_ADMIN_PATH}/${id}`;

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullableDateTime = { ...dateTime, nullable: true } as const;

export const OUTBOX_RECORD_RESOURCE_SCHEMA: ResponseSchema = halResourceSchema(
  {
    id: { type: 'string', format: 'uuid' },
    source: { type: 'string', example: 'users', description: 'the publishing context' },
    type: { type: 'string', example: 'users.user-registered.v1' },
    aggregate_id: { type: 'string' },
    sequence: { type: 'integer', description: "the event's place among its aggregate's events, from 1" },
    state: { type: 'string', enum: [...OUTBOX_STATES] },
    attempts: { type: 'integer', description: 'failed deliveries so far' },
    last_error: { type: 'string', nullable: true },
    occurred_at: dateTime,
    retry_at: { ...dateTime, description: 'when a pending record is next due' },
    sent_at: nullableDateTime,
    dead_at: nullableDateTime,
    correlation_id: { type: 'string' },
    causation_id: { type: 'string', description: 'the message that caused the event: the command, or the event a consumer reacted to' },
    payload: { type: 'object', additionalProperties: true },
  },
  ['retry'],
);

export const OUTBOX_RECORDS_EMBEDDED = 'outbox_records';
export const OUTBOX_RECORD_PAGE_SCHEMA: ResponseSchema = halPageSchema(OUTBOX_RECORDS_EMBEDDED, OUTBOX_RECORD_RESOURCE_SCHEMA);

type OutboxRecordResource = Record<string, unknown> & { _links: HalLinks };

/** An outbox record as the API answers it; a dead one links to its retry. */
export function outboxRecordResource(entry: OutboxEntry): OutboxRecordResource {
  const self = outboxRecordLocation(entry.id);
  return {
    id: entry.id,
    source: entry.source,
    type: entry.type,
    aggregate_id: entry.aggregateId,
    sequence: entry.sequence,
    state: entry.state,
    attempts: entry.attempts,
    last_error: entry.lastError,
    occurred_at: entry.occurredAt.toISOString(),
    retry_at: entry.retryAt.toISOString(),
    sent_at: entry.sentAt?.toISOString() ?? null,
    dead_at: entry.deadAt?.toISOString() ?? null,
    correlation_id: entry.correlationId,
    causation_id: entry.causationId,
    payload: entry.payload,
    _links: halLinks(self, entry.state === 'dead' ? { retry: `${self}/retry` } : {}),
  };
}
