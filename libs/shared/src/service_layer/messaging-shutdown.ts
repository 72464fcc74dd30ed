import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/**
 * The stages a process's messaging stops in, first to last: consumers stop fetching and finish the
 * message in hand (committing its offset); the outbox relay delivers the record in hand and claims
 * no other. Then, in Nest's onApplicationShutdown, which comes after every beforeApplicationShutdown
 * and after the HTTP server has drained (a dead-letter replay may still publish until then), the
 * Kafka producer disconnects (KafkaMessageBroker, in a module of its own) and MongoDB closes last
 * (@nestjs/mongoose's global module, which Nest shuts down after the others).
 */
const MESSAGING_STOP_ORDER = ['consumers', 'relay'] as const;

type MessagingStopStage = (typeof MESSAGING_STOP_ORDER)[number];

/**
 * Runs the stops that the consumers and the relay registered, in
 * MESSAGING_STOP_ORDER, when the process shuts down (SIGTERM, or `app.close()`): Nest calls the
 * hooks of one phase module by module, an order nobody chose, so the order is kept here instead.
 * The stops of one stage run together. A stop that fails is logged and the next stage still runs:
 * the relay is never left running because a consumer failed to stop.
 */
@Injectable()
export class MessagingShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingShutdown.name);
  private readonly stops = new Map<MessagingStopStage, Array<{ name: string; stop: () => Promise<void> }>>();

  /** Registers `stop` to run at `stage` of the shutdown; `name` says what stopped, or failed to, in the log. */
  onStop(stage: MessagingStopStage, name: string, stop: () => Promise<void>): void {
    this.stops.set(stage, [...(this.stops.get(stage) ?? []), { name, stop }]);
  }

  /** Every stage in order; a second call finds nothing left to stop. */
  async beforeApplicationShutdown(): Promise<void> {
    for (const stage of MESSAGING_STOP_ORDER) {
      const stops = this.stops.get(stage) ?? [];
      this.stops.delete(stage);
      await Promise.all(
        stops.map(({ name, stop }) =>
          Promise.resolve()
            .then(stop)
            .catch((error: unknown) =>
              this.logger.error(`Stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`),
            ),
        ),
      );
    }
  }
}
