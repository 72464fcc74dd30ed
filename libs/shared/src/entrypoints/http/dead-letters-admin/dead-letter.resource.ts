import type { DeadLetter } from '../../../service_layer/dead-letter-store.port';
import type { ResponseSchema } from '../api-resource-response.decorator';
import { halLinks, type HalLinks, halPageSchema, halResourceSchema } from '../hal';

export const DEAD_LETTERS_ADMIN_PATH = '/api/v1/admin/dead-letters';
export const deadLetterLocation = (id: string): string => `${DEAD_LETTERS_ADMIN_PATH}/${id}`;

const dateTime = { type: 'string', format: 'date-time' } as const;

const MESSAGE_FIELDS: Record<string, ResponseSchema> = {
  id: { type: 'string', format: 'uuid', description: "the event's id, which every consumer's inbox knows it by" },
  source: { type: 'string', example: 'users', description: 'the publishing context' },
  type: { type: 'string', example: 'users.user-registered.v1' },
  aggregate_id: { type: 'string' },
  sequence: { type: 'integer', description: "the event's place among its aggregate's events, from 1" },
  occurred_at: dateTime,
  correlation_id: { type: 'string' },
  causation_id: { type: 'string', description: 'the message that caused the event: the command, or the event a consumer reacted to' },
  payload: { type: 'object', additionalProperties: true },
};

export const DEAD_LETTER_RESOURCE_SCHEMA: ResponseSchema = halResourceSchema(
  {
    id: { type: 'string', format: 'uuid' },
    consumer: { type: 'string', example: 'users.activation-email', description: 'the consumer that gave up on the message' },
    topic: { type: 'string', example: 'keepem.prod.users.events', description: 'where the message was read from' },
    partition: { type: 'integer', example: 0 },
    offset: { type: 'string', example: '42', description: "the record's offset in its partition (a 64-bit number, as a string)" },
    error: { type: 'string', example: 'SMTP 451: try again later', description: "the last attempt's error" },
    attempts: { type: 'integer', example: 5, description: 'attempts made before the consumer gave up' },
    dead_at: dateTime,
    replayed_at: {
      ...dateTime,
      nullable: true,
      description: 'when an administrator last put the message back on its topic; null until then, and again once it died again',
    },
    message: {
      type: 'object',
      description: 'the message as it died, envelope and payload: what a replay publishes again',
      properties: MESSAGE_FIELDS,
      required: Object.keys(MESSAGE_FIELDS),
    },
  },
  ['replay'],
);

export const DEAD_LETTERS_EMBEDDED = 'dead_letters';
export const DEAD_LETTER_PAGE_SCHEMA: ResponseSchema = halPageSchema(DEAD_LETTERS_EMBEDDED, DEAD_LETTER_RESOURCE_SCHEMA);

type DeadLetterResource = Record<string, unknown> & { _links: HalLinks };

/** A dead letter as the API answers it; it can always be replayed (again: consumers that took it skip it). */
export function deadLetterResource(letter: DeadLetter): DeadLetterResource {
  const self = deadLetterLocation(letter.id);
  const { message } = letter;
  return {
    id: letter.id,
    consumer: letter.consumer,
    topic: letter.topic,
    partition: letter.partition,
    offset: letter.offset,
    error: letter.error,
    attempts: letter.attempts,
    dead_at: letter.deadAt.toISOString(),
    replayed_at: letter.replayedAt?.toISOString() ?? null,
    message: {
      id: message.id,
      source: message.source,
      type: message.type,
      aggregate_id: message.aggregateId,
      sequence: message.sequence,
      occurred_at: message.occurredAt,
      correlation_id: message.correlationId,
      causation_id: message.causationId,
      payload: message.payload,
    },
    _links: halLinks(self, { replay: `${self}/replay` }),
  };
}
