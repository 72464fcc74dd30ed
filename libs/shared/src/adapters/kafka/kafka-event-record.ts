import type { IHeaders, Message } from 'kafkajs';
import type { JsonObject } from '../../contracts/integration-event';
import type { IntegrationMessage } from '../../service_layer/message-broker.port';
import { EVENT_HEADERS } from './kafka-headers';

export type ContentEncoding = 'gzip' | 'identity';

/** A record as it is sent: the kafkajs message, and whether its batch is to be gzip-compressed. */
export interface EventRecord {
  message: Message;
  encoding: ContentEncoding;
}

/** What a received record turned out to be: one of our events, or something no consumer of ours can read. */
export type DecodedRecord = { kind: 'event'; message: IntegrationMessage } | { kind: 'unreadable'; reason: string };

/** A header value as kafkajs or Nest's Kafka parser hands it over (Buffer, string, or a value it parsed as JSON). */
type ReceivedHeaderValue = IHeaders[string] | object | null;

/** Where a payload's JSON reaches `compressMinBytes`, its record is sent gzip-compressed. */
export function encodeEventRecord(message: IntegrationMessage, compressMinBytes: number): EventRecord {
  const value = Buffer.from(JSON.stringify(message.payload));
  const encoding: ContentEncoding = value.byteLength >= compressMinBytes ? 'gzip' : 'identity';
  return {
    encoding,
    message: {
      key: message.aggregateId,
      value,
      headers: {
        [EVENT_HEADERS.specVersion]: '1.0',
        [EVENT_HEADERS.id]: message.id,
        [EVENT_HEADERS.type]: message.type,
        [EVENT_HEADERS.source]: message.source,
        [EVENT_HEADERS.time]: message.occurredAt,
        [EVENT_HEADERS.sequence]: String(message.sequence),
        [EVENT_HEADERS.correlationId]: message.correlationId,
        [EVENT_HEADERS.causationId]: message.causationId,
        [EVENT_HEADERS.contentType]: 'application/json',
        [EVENT_HEADERS.contentEncoding]: encoding,
      },
    },
  };
}

/**
 * Reads a record of an events topic back into the message it was sent as. Kafka has already undone
 * the batch's compression; anything without our headers or a JSON object for a value is unreadable.
 */
export function decodeEventRecord(record: {
  key?: Buffer | string | null;
  value: Buffer | string | object | null;
  headers?: Record<string, ReceivedHeaderValue>;
}): DecodedRecord {
  const headers = record.headers ?? {};
  const read = (name: string) => headerText(headers[name]);
  const missing = [EVENT_HEADERS.id, EVENT_HEADERS.type, EVENT_HEADERS.source, EVENT_HEADERS.time].filter((name) => !read(name));
  if (missing.length > 0) {
    return { kind: 'unreadable', reason: `missing header ${missing.join(', ')}` };
  }
  const payload = payloadOf(record.value);
  if (!payload) {
    return { kind: 'unreadable', reason: 'the value is not a JSON object' };
  }
  const sequence = Number(read(EVENT_HEADERS.sequence) ?? '0');
  const id = read(EVENT_HEADERS.id)!;
  return {
    kind: 'event',
    message: {
      id,
      type: read(EVENT_HEADERS.type)!,
      source: read(EVENT_HEADERS.source)!,
      occurredAt: read(EVENT_HEADERS.time)!,
      aggregateId: headerText(record.key ?? null) ?? '',
      sequence: Number.isSafeInteger(sequence) ? sequence : 0,
      // Events published before the envelope had them carried neither; the event itself is the best cause there is.
      correlationId: read(EVENT_HEADERS.correlationId) ?? id,
      causationId: read(EVENT_HEADERS.causationId) ?? id,
      payload,
    },
  };
}

/**
 * A header as kafkajs or Nest's Kafka parser left it (a Buffer, text, a value the parser took for
 * JSON, or a list of those, of which the first counts), read as text.
 */
export function headerText(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  if (Array.isArray(value)) {
    return headerText(value[0]);
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('utf8');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function payloadOf(value: Buffer | string | object | null): JsonObject | null {
  let parsed: unknown = value;
  if (Buffer.isBuffer(value) || typeof value === 'string') {
    try {
      parsed = JSON.parse(value.toString());
    } catch {
      return null;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as JsonObject) : null;
}
