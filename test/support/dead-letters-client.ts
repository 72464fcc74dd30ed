import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DEAD_LETTER_STORE, type DeadLetter, type DeadLetterStore, type IntegrationMessage } from '@keepem/shared/service_layer';
import { eventsTopic } from '../../libs/shared/src/adapters/kafka/kafka-topics';
import type { TestApp } from './test-app';
import type { AdminClient } from './users-admin-client';

export const DEAD_LETTERS_PATH = '/api/v1/admin/dead-letters';

/** A dead letter as the admin API answers it. */
export interface DeadLetterResource {
  id: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  error: string;
  attempts: number;
  dead_at: string;
  replayed_at: string | null;
  message: {
    id: string;
    source: string;
    type: string;
    aggregate_id: string;
    sequence: number;
    occurred_at: string;
    correlation_id: string;
    causation_id: string;
    payload: Record<string, unknown>;
  };
  _links: Record<string, { href: string }>;
}

/** An outbox record as the admin outbox API answers it: a published event with its whole envelope. */
export interface OutboxRecordResource {
  id: string;
  source: string;
  type: string;
  aggregate_id: string;
  sequence: number;
  occurred_at: string;
  correlation_id: string;
  causation_id: string;
  payload: Record<string, unknown>;
  state: string;
}

let offsets = 0;

/** Sets a letter aside in the app's own store, as the worker does once a consumer has given up on a message. */
export async function setAside(app: TestApp, message: IntegrationMessage, fields: Partial<DeadLetter> = {}): Promise<DeadLetter> {
  offsets += 1;
  const letter: DeadLetter = {
    id: randomUUID(),
    consumer: 'users.activation-email',
    topic: eventsTopic('dev', message.source),
    partition: 0,
    offset: String(offsets),
    message,
    error: 'Mailbox unavailable',
    attempts: 5,
    deadAt: app.clock.now(),
    replayedAt: null,
    ...fields,
  };
  await app.app.get<symbol, DeadLetterStore>(DEAD_LETTER_STORE).add(letter);
  return letter;
}

/** The message an outbox record was published as: what the relay handed the broker, and a consumer could give up on. */
export function messageOf(record: OutboxRecordResource): IntegrationMessage {
  return {
    id: record.id,
    source: record.source,
    type: record.type,
    aggregateId: record.aggregate_id,
    sequence: record.sequence,
    payload: record.payload as IntegrationMessage['payload'],
    occurredAt: record.occurred_at,
    correlationId: record.correlation_id,
    causationId: record.causation_id,
  };
}

/** The outbox record of the user's users.user-registered.v1, if the outbox still keeps it. */
export async function registrationOf(admin: AdminClient, userId: string, state?: string): Promise<OutboxRecordResource | undefined> {
  const page = await admin.get(`/api/v1/admin/outbox?size=100&sort=occurred_at,desc${state ? `&state=${state}` : ''}`);
  return (page.body._embedded.outbox_records as OutboxRecordResource[]).find(
    (record) => record.aggregate_id === userId && record.type === 'users.user-registered.v1',
  );
}

/**
 * Lets the relay retry (its back-off runs on the test's clock) until the user's
 * users.user-registered.v1 record is dead: no consumer of it ever finished.
 */
export async function deadRegistrationOf(app: TestApp, admin: AdminClient, userId: string): Promise<OutboxRecordResource> {
  for (let round = 0; round < 100; round += 1) {
    const found = await registrationOf(admin, userId, 'dead');
    if (found) {
      return found;
    }
    app.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`users.user-registered.v1 of ${userId} never became dead`);
}

export async function replay(app: TestApp, admin: AdminClient, letterId: string): Promise<Response> {
  return app
    .http()
    .post(`${DEAD_LETTERS_PATH}/${letterId}/replay`)
    .set('Authorization', `Bearer ${await admin.token()}`);
}
