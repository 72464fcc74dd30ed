import { MessageMetadata } from './command';
import { IntegrationMessage } from './message-broker.port';
import { UnitOfWork } from './unit-of-work.port';

/** Metadata for work caused by an event: it carries the event's correlation id onward. */
export function metadataFor(message: IntegrationMessage, at: Date): MessageMetadata {
  return { commandId: message.id, correlationId: message.correlationId, at };
}

/**
 * Runs a side effect that cannot join a transaction (an e-mail) at most once per consumer and
 * event, as far as a crash allows: the inbox mark is written only after the effect succeeded, so a
 * failure is retried and a success is not repeated.
 */
export async function runOnce(
  unitOfWork: UnitOfWork,
  consumer: string,
  message: IntegrationMessage,
  at: Date,
  effect: () => Promise<void>,
): Promise<void> {
  const metadata = metadataFor(message, at);
  if (await unitOfWork.run(metadata, (tx) => tx.hasProcessed(consumer, message.id))) {
    return;
  }
  await effect();
  await unitOfWork.run(metadata, async (tx) => tx.markProcessed(consumer, message.id));
}
