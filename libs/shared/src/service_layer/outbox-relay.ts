import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock } from './clock.port';
import { type LeaseSettings, whileRenewing } from './lease';
import {
  BrokerUnavailableError,
  EffectInProgressError,
  type IntegrationMessage,
  MESSAGE_BROKER,
  type MessageBroker,
} from './message-broker.port';
import { type OutboxClaim, OUTBOX_STORE, type OutboxRecord, type OutboxStore } from './outbox.port';
import { OUTBOX_WATCHER, type OutboxWatcher } from './outbox-watcher.port';

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');

type Delivery = 'sent' | 'not sent' | 'broker unavailable';

/** The lease settings: a relay that dies mid-delivery gives its record back when its lease ends. */
export interface OutboxRelayOptions extends LeaseSettings {
  pollIntervalMs: number;
  /** First retry delay; doubles per failed attempt up to `maxRetryDelayMs`. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** Failed attempts after which a record is dead: kept, with its last error, until an administrator retries it. */
  maxAttempts: number;
  /** How long sent records and inbox entries are kept. */
  retentionMs: number;
  /** How often the relay deletes what is older than that. */
  purgeEveryMs: number;
}

/**
 * Moves committed outbox records to the broker, at least once and in order per aggregate: a record
 * is marked sent only after the broker took it, so a crash anywhere before that means it is sent
 * again, never lost.
 *
 * Records are claimed one at a time, each with a token of its own and a lease renewed while it is
 * delivered: a slow delivery keeps its claim, so two relays (two workers) never both deliver a
 * record, and whatever a relay writes with a token it lost changes nothing.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<number> | null = null;
  private runAgain = false;
  private stopping = false;
  private lastPurgeAt: number | null = null;

  constructor(
    @Inject(OUTBOX_STORE) private readonly outbox: OutboxStore,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(OUTBOX_RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
    @Inject(OUTBOX_WATCHER) private readonly watcher: OutboxWatcher,
  ) {}

  start(): void {
    this.stopping = false;
    this.watcher.watch(() => this.nudge());
    this.timer = setInterval(() => this.nudge(), this.options.pollIntervalMs);
    this.timer.unref();
    this.nudge();
  }

  /**
   * Stops after the record in hand: it is delivered and marked, no further record is claimed, and
   * so no claim is left for a restarted relay or the other relay to wait out. Resolves once nothing
   * of the relay's uses the database or the broker any more.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.runAgain = false;
    await Promise.all([this.watcher.close(), this.inFlight]);
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

  /**
   * Relays every record that is due now, one claim at a time, or until the broker cannot be reached;
   * answers how many reached the broker.
   */
  async relayPending(): Promise<number> {
    await this.purgeIfDue();
    let sent = 0;
    while (!this.stopping) {
      const claim = this.newClaim();
      const record = await this.outbox.claimNext(claim, this.clock.now());
      if (!record) {
        break;
      }
      const delivery = await this.deliver(record, claim);
      if (delivery === 'broker unavailable') {
        break;
      }
      sent += delivery === 'sent' ? 1 : 0;
    }
    return sent;
  }

  private newClaim(token: string = crypto.randomUUID()): OutboxClaim {
    return { token, leaseUntil: new Date(this.clock.now().getTime() + this.options.leaseMs) };
  }

  private async deliver(record: OutboxRecord, claim: OutboxClaim): Promise<Delivery> {
    const renew = async () => {
      if (!(await this.outbox.renew(record.id, this.newClaim(claim.token)))) {
        this.logger.warn(`Lost the claim on ${record.type} ${record.id} while delivering it`);
      }
    };
    try {
      await whileRenewing(renew, this.options.renewEveryMs, () => this.broker.publish(toMessage(record)));
    } catch (error) {
      if (error instanceof EffectInProgressError) {
        // Another delivery of this record is at work (a claim taken over); once it is done, the next
        // attempt finds it handled.
        await this.outbox.postpone(record.id, claim.token, new Date(this.clock.now().getTime() + this.options.retryBaseMs));
        return 'not sent';
      }
      if (error instanceof BrokerUnavailableError) {
        // Nothing refused the record, so the outage costs it no attempt and never makes it dead; the
        // records after it would meet the same answer, so the pass ends and the next one tries again.
        this.logger.warn(`The broker is unavailable; ${record.type} ${record.id} and the records after it wait: ${error.message}`);
        await this.outbox.postpone(record.id, claim.token, new Date(this.clock.now().getTime() + this.options.retryBaseMs));
        return 'broker unavailable';
      }
      await this.recordFailure(record, claim, error instanceof Error ? error.message : String(error));
      return 'not sent';
    }
    if (!(await this.outbox.markSent(record.id, claim.token, this.clock.now()))) {
      this.logger.warn(`${record.type} ${record.id} reached the broker after its claim was taken over; it may be delivered again`);
    }
    return 'sent';
  }

  private async recordFailure(record: OutboxRecord, claim: OutboxClaim, reason: string): Promise<void> {
    const attempt = record.attempts + 1;
    let recorded: boolean;
    if (attempt >= this.options.maxAttempts) {
      this.logger.error(`Delivery of ${record.type} ${record.id} failed ${attempt} times; the record is dead until retried: ${reason}`);
      recorded = await this.outbox.markDead(record.id, claim.token, reason, this.clock.now());
    } else {
      const delay = Math.min(this.options.retryBaseMs * 2 ** record.attempts, this.options.maxRetryDelayMs);
      this.logger.warn(`Delivery of ${record.type} ${record.id} failed (attempt ${attempt}), retrying in ${delay} ms: ${reason}`);
      recorded = await this.outbox.markFailed(record.id, claim.token, reason, new Date(this.clock.now().getTime() + delay));
    }
    if (!recorded) {
      this.logger.warn(`The failure of ${record.type} ${record.id} was not recorded: its claim had been taken over`);
    }
  }

  private async purgeIfDue(): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.lastPurgeAt !== null && now - this.lastPurgeAt < this.options.purgeEveryMs) {
      return;
    }
    this.lastPurgeAt = now;
    // Housekeeping must not hold deliveries up: a failed purge is tried again at the next due time.
    try {
      const purged = await this.outbox.purgeBefore(new Date(now - this.options.retentionMs));
      if (purged.records + purged.inboxEntries > 0) {
        this.logger.log(`Purged ${purged.records} sent outbox records and ${purged.inboxEntries} inbox entries`);
      }
    } catch (error) {
      this.logger.error(`Purging the outbox failed: ${String(error)}`);
    }
  }
}

function toMessage(record: OutboxRecord): IntegrationMessage {
  return {
    id: record.id,
    source: record.source,
    type: record.type,
    aggregateId: record.aggregateId,
    sequence: record.sequence,
    payload: record.payload,
    occurredAt: record.occurredAt.toISOString(),
    correlationId: record.correlationId,
    causationId: record.causationId,
  };
}
