import { randomUUID } from 'node:crypto';
import type { IntegrationMessage } from '../service_layer/message-broker.port';

/** A delivery of some integration event, fresh ids each time; the fields a test cares about come in `fields`. */
export function integrationMessage(fields: Partial<IntegrationMessage> & Pick<IntegrationMessage, 'source' | 'type'>): IntegrationMessage {
  return {
    id: randomUUID(),
    aggregateId: randomUUID(),
    sequence: 1,
    payload: {},
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    ...fields,
  };
}
