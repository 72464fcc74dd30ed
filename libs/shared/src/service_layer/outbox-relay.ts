import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from './clock.port';
import { type IntegrationMessage, MESSAGE_BROKER, type MessageBroker } from './message-broker.port';
import { OUTBOX_STORE, type OutboxRecord, type OutboxStore } from './outbox.port';
import { OutboxSignal } from './outbox-signal';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

export interface OutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
  /** How long a claim holds; a relay that dies mid-batch gives its records back after this. */
  leaseMs: number;
  /** First retry delay; doubles per failed attempt up to `maxRetryDelayMs`. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
}

/**
 * Moves committed outbox records to the broker, at least once: a record is marked sent only after
 * the broker took it, so a crash anywhere before that means it is sent again, never lost.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<number> | null = null;
  private runAgain = false;

  constructor(
    @Inject(OUTBOX_STORE) private readonly outbox: OutboxStore,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
    private readonly signal: OutboxSignal,
  ) {}

  start(): void {
    this.signal.onCommit(() => this.nudge());
    this.timer = setInterval(() => this.nudge(), this.options.pollIntervalMs);
    this.timer.unref();
    this.nudge();
  }

  /** Stops polling and waits for the batch under way, so shutdown never abandons a claim. */
  async stop(): Promise<void> {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.signal.onCommit(() => undefined);
    this.runAgain = false;
    await this.inFlight;
  }

  nudge(): void {
    if (this.inFlight) {
      this.runAgain = true;
      return;
    }
    this.inFlight = this.relayPending()
      .catch((error: unknown) => {
        this.logger.error(`Outbox relay pass failed: ${String(error)}`);
        return 0;
      })
      .finally(() => {
        this.inFlight = null;
        if (this.runAgain && this.timer) {
          this.runAgain = false;
          this.nudge();
        }
      });
  }

  /** Relays every record that is due now; answers how many reached the broker. */
  async relayPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const now = this.clock.now();
      const batch = await this.outbox.claim(this.options.batchSize, now, new Date(now.getTime() + this.options.leaseMs));
      for (const record of batch) {
        sent += (await this.deliver(record)) ? 1 : 0;
      }
      if (batch.length < this.options.batchSize) {
        return sent;
      }
    }
  }

  private async deliver(record: OutboxRecord): Promise<boolean> {
    try {
      await this.broker.publish(toMessage(record));
      await this.outbox.markSent(record.id, this.clock.now());
      return true;
    } catch (error) {
      const delay = Math.min(this.options.retryBaseMs * 2 ** record.attempts, this.options.maxRetryDelayMs);
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        `Delivery of ${record.type} ${record.id} failed (attempt ${record.attempts + 1}), retrying in ${delay} ms: ${reason}`,
      );
      await this.outbox.markFailed(record.id, reason, new Date(this.clock.now().getTime() + delay));
      return false;
    }
  }
}

function toMessage(record: OutboxRecord): IntegrationMessage {
  return {
    id: record.id,
    type: record.type,
    aggregateId: record.aggregateId,
    payload: record.payload as Record<string, unknown>,
    occurredAt: record.occurredAt.toISOString(),
    correlationId: record.correlationId,
  };
}
