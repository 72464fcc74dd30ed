import { describe, expect, it } from '@jest/globals';
import { integrationMessage } from '../../testing/integration-message';
import { decodeEventRecord, encodeEventRecord } from './kafka-event-record';

const registered = () =>
  integrationMessage({ source: 'users', type: 'users.user-registered.v1', sequence: 3, payload: { user_id: 'u-1', username: 'ada' } });

describe('Kafka event records', () => {
  it('keys a record by its aggregate and carries the envelope in CloudEvents headers', () => {
    const message = registered();

    const { message: record } = encodeEventRecord(message, 4096);

    expect(record.key).toBe(message.aggregateId);
    expect(JSON.parse(String(record.value))).toEqual(message.payload);
    expect(record.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: message.id,
      ce_type: 'users.user-registered.v1',
      ce_source: 'users',
      ce_time: message.occurredAt,
      ce_sequence: '3',
      ce_correlationid: message.correlationId,
      ce_causationid: message.causationId,
      'content-type': 'application/json',
      'content-encoding': 'identity',
    });
  });

  it('compresses a payload from the threshold on, never below it', () => {
    const sized = (bytes: number) => ({ ...registered(), payload: { text: 'x'.repeat(bytes - '{"text":""}'.length) } });

    expect(encodeEventRecord(sized(4095), 4096).encoding).toBe('identity');
    expect(encodeEventRecord(sized(4096), 4096)).toMatchObject({ encoding: 'gzip', message: { headers: { 'content-encoding': 'gzip' } } });
  });

  it('reads back what it wrote, whether kafkajs hands over Buffers or Nest hands over parsed strings', () => {
    const message = registered();
    const { message: record } = encodeEventRecord(message, 4096);
    const asBuffers = Object.fromEntries(Object.entries(record.headers!).map(([name, value]) => [name, Buffer.from(String(value))]));

    expect(decodeEventRecord({ key: Buffer.from(message.aggregateId), value: record.value, headers: asBuffers })).toEqual({
      kind: 'event',
      message,
    });
    expect(decodeEventRecord({ key: message.aggregateId, value: message.payload, headers: record.headers })).toEqual({
      kind: 'event',
      message,
    });
  });

  it('finds a record without our headers, or without a JSON object for a value, unreadable', () => {
    const { message: record } = encodeEventRecord(registered(), 4096);

    expect(decodeEventRecord({ value: record.value, headers: {} })).toMatchObject({ kind: 'unreadable', reason: /missing header ce_id/ });
    expect(decodeEventRecord({ value: Buffer.from('not json'), headers: record.headers })).toMatchObject({ kind: 'unreadable' });
    expect(decodeEventRecord({ value: Buffer.from('[1,2]'), headers: record.headers })).toMatchObject({ kind: 'unreadable' });
    expect(decodeEventRecord({ value: null, headers: record.headers })).toMatchObject({ kind: 'unreadable' });
  });
});
