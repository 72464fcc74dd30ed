import { Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';
import { CompressionTypes, type IHeaders } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../service_layer/clock.port';
import type { DeadLetterStore } from '../../service_layer/dead-letter-store.port';
import { whileRenewing } from '../../service_layer/lease';
import { EffectInProgressError, type IntegrationMessage, type MessageConsumer } from '../../service_layer/message-broker.port';
import { abortableSleep } from './abortable-sleep';
import { errorText } from './error-text';
import { decodeEventRecord, headerText } from './kafka-event-record';
import { DEAD_LETTER_HEADERS, EVENT_HEADERS } from './kafka-headers';
import { deadLetterTopic } from './kafka-topics';

export interface KafkaDispatchSettings {
  maxAttempts: number;
  retryBaseMs: number;
  maxRetryDelayMs: number;
  heartbeatEveryMs: number;
}

/** What became of a message at one consumer: taken, given up on (and dead-lettered), or left for its next delivery. */
type Outcome = 'taken' | 'dead' | 'abandoned';

/** Kept whole in the dead letter store; a header keeps its start, as a log line would. */
const MAX_ERROR_HEADER_LENGTH = 1_000;

/**
 * Hands each record one consumer group reads to the group's consumers that want it, and commits
 * its offset once they are done with it, so a record is committed only after every unit of work it
 * caused has committed. The Kafka transport calls `dispatch` for one record of a partition at a
 * time, in order.
 *
 * - A record no consumer of the group wants (an event type or a version nobody here reads, or
 *   something that is not one of our events) is skipped and committed.
 * - A consumer that fails is tried again in place, the wait doubling from `retryBaseMs`, up to
 *   `maxAttempts` in all; an answer that another delivery is at work on the message
 *   (EffectInProgressError) is waited out without counting. Then the record goes to the dead
 *   letter store and to `<topic>.dlq`, and the partition moves on. Both are done before the offset
 *   is committed; a failure there is tried again in place, so the consumer is not run again.
 * - Every consumer gets the message in turn; one that took it already skips it through its inbox.
 */
export class KafkaDispatcher {
  private readonly logger = new Logger(KafkaDispatcher.name);
  private readonly stopping = new AbortController();
  private readonly inHand = new Set<Promise<void>>();

  constructor(
    /** The consumer group's id, for the log. */
    readonly group: string,
    private readonly consumers: readonly MessageConsumer[],
    private readonly deadLetters: DeadLetterStore,
    private readonly clock: Clock,
    private readonly settings: KafkaDispatchSettings,
  ) {}

  /**
   * Delivers the record the context holds. Resolves once its offset is committed, or, when the
   * group is stopping, without committing it: the record comes again when the group next starts.
   * Rejects, uncommitted, when the group lost its partitions while the record waited, or the
   * commit failed (Kafka hands it over again).
   */
  async dispatch(context: KafkaContext): Promise<void> {
    if (this.stopping.signal.aborted) {
      return;
    }
    const work = this.deliverRecord(context);
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inHand.add(settled);
    try {
      await work;
    } finally {
      this.inHand.delete(settled);
    }
  }

  /**
   * Takes no other record, abandons a wait between attempts (that record is not committed), and
   * resolves once the record in hand is done with.
   */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.inHand);
  }

  private async deliverRecord(context: KafkaContext): Promise<void> {
    const decoded = decodeEventRecord(context.getMessage());
    if (decoded.kind === 'unreadable') {
      this.logger.debug(`${this.group} skips the record at ${position(context)}, which is none of our events: ${decoded.reason}`);
      return this.commit(context);
    }
    const message = decoded.message;
    const interested = this.consumers.filter(
      (consumer) => consumer.source === message.source && consumer.eventTypes.includes(message.type),
    );
    if (interested.length === 0) {
      this.logger.debug(`${this.group} skips ${message.type} ${message.id} at ${position(context)}: ${this.whyNobodyReads(message)}`);
      return this.commit(context);
    }
    for (const consumer of interested) {
      if ((await this.deliver(consumer, message, context)) === 'abandoned') {
        return;
      }
    }
    await this.commit(context);
  }

  private async deliver(consumer: MessageConsumer, message: IntegrationMessage, context: KafkaContext): Promise<Outcome> {
    let attempts = 0;
    for (;;) {
      let failure: unknown;
      try {
        // Keeps the group's membership alive while a consumer works (a slow SMTP server). A heartbeat refused
        // meanwhile is left to the commit, which fails the same way if the partition was lost.
        await whileRenewing(context.getHeartbeat(), this.settings.heartbeatEveryMs, () => consumer.handle(structuredClone(message)));
        return 'taken';
      } catch (error) {
        failure = error;
      }
      if (failure instanceof EffectInProgressError) {
        this.logger.debug(`${consumer.name} waits for another delivery of ${message.type} ${message.id} to finish`);
        if (!(await this.wait(this.settings.retryBaseMs, context))) {
          return 'abandoned';
        }
        continue;
      }
      attempts += 1;
      const reason = errorText(failure);
      if (attempts >= this.settings.maxAttempts) {
        return this.deadLetter(consumer, message, context, reason, attempts);
      }
      const delay = this.retryDelay(attempts);
      this.logger.warn(
        `${consumer.name} failed ${message.type} ${message.id} (attempt ${attempts} of ${this.settings.maxAttempts}), retrying in ${delay} ms: ${reason}`,
      );
      if (!(await this.wait(delay, context))) {
        return this.leaveForNextStart(consumer, message);
      }
    }
  }

  /**
   * Keeps the record in the dead letter store for an administrator to see and replay, then sends it,
   * as it came, to `<topic>.dlq` with headers saying who gave up on it and why. A step that fails is
   * tried again in place with the consumer's backoff (the store keeps one letter per consumer and
   * message, so adding it again is harmless) until both are done, or until the group stops, which
   * leaves the record uncommitted: the consumer never runs again for this delivery.
   */
  private async deadLetter(
    consumer: MessageConsumer,
    message: IntegrationMessage,
    context: KafkaContext,
    error: string,
    attempts: number,
  ): Promise<Outcome> {
    const deadAt = this.clock.now();
    const dlq = deadLetterTopic(context.getTopic());
    for (let tries = 1; ; tries += 1) {
      try {
        await this.keepDeadLetter(consumer, message, context, error, attempts, deadAt);
        await this.sendDeadLetter(consumer, context, error, attempts, deadAt);
        this.logger.error(
          `${consumer.name} gave up on ${message.type} ${message.id} after ${attempts} attempts; it is in ${dlq}: ${error}`,
        );
        return 'dead';
      } catch (failure) {
        const delay = this.retryDelay(tries);
        this.logger.warn(
          `${consumer.name} could not dead-letter ${message.type} ${message.id} (try ${tries}), trying again in ${delay} ms: ${errorText(failure)}`,
        );
        if (!(await this.wait(delay, context))) {
          return this.leaveForNextStart(consumer, message);
        }
      }
    }
  }

  private leaveForNextStart(consumer: MessageConsumer, message: IntegrationMessage): Outcome {
    this.logger.log(`${consumer.name} leaves ${message.type} ${message.id} uncommitted for the next start: the group is stopping`);
    return 'abandoned';
  }

  private async keepDeadLetter(
    consumer: MessageConsumer,
    message: IntegrationMessage,
    context: KafkaContext,
    error: string,
    attempts: number,
    deadAt: Date,
  ): Promise<void> {
    await this.deadLetters.add({
      id: randomUUID(),
      consumer: consumer.name,
      topic: context.getTopic(),
      partition: context.getPartition(),
      offset: context.getMessage().offset,
      message,
      error,
      attempts,
      deadAt,
      replayedAt: null,
    });
  }

  private async sendDeadLetter(consumer: MessageConsumer, context: KafkaContext, error: string, attempts: number, deadAt: Date) {
    const record = context.getMessage();
    const topic = context.getTopic();
    await context.getProducer().send({
      topic: deadLetterTopic(topic),
      acks: -1,
      compression: headerText(record.headers?.[EVENT_HEADERS.contentEncoding]) === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      messages: [
        {
          key: record.key,
          value: record.value,
          headers: {
            ...outgoingHeaders(record.headers ?? {}),
            [DEAD_LETTER_HEADERS.consumer]: consumer.name,
            [DEAD_LETTER_HEADERS.error]: error.slice(0, MAX_ERROR_HEADER_LENGTH),
            [DEAD_LETTER_HEADERS.attempts]: String(attempts),
            [DEAD_LETTER_HEADERS.originalTopic]: topic,
            [DEAD_LETTER_HEADERS.originalPartition]: String(context.getPartition()),
            [DEAD_LETTER_HEADERS.originalOffset]: record.offset,
            [DEAD_LETTER_HEADERS.deadAt]: deadAt.toISOString(),
          },
        },
      ],
    });
  }

  /** The wait after the `tries`-th failure: doubling from `retryBaseMs`, up to `maxRetryDelayMs`. */
  private retryDelay(tries: number): number {
    return Math.min(this.settings.retryBaseMs * 2 ** (tries - 1), this.settings.maxRetryDelayMs);
  }

  /** Commits the offset after the record's: Kafka keeps the next offset to read. */
  private async commit(context: KafkaContext): Promise<void> {
    const next = (BigInt(context.getMessage().offset) + 1n).toString();
    await context.getConsumer().commitOffsets([{ topic: context.getTopic(), partition: context.getPartition(), offset: next }]);
  }

  /**
   * Waits `ms` between two attempts, telling the coordinator the group is alive meanwhile, so a
   * long wait does not cost the group its partitions. False when the group began stopping. A
   * heartbeat refused because the group is rebalancing (or this member left it) ends the wait with
   * that error: the record is not committed, and whoever owns the partition next reads it again.
   * Any other failed heartbeat (a coordinator briefly out of reach) is logged and the wait goes on.
   */
  private async wait(ms: number, context: KafkaContext): Promise<boolean> {
    const signal = this.stopping.signal;
    const until = Date.now() + ms;
    while (!signal.aborted) {
      const left = until - Date.now();
      if (left <= 0) {
        return true;
      }
      await abortableSleep(Math.min(left, this.settings.heartbeatEveryMs), signal);
      if (!signal.aborted) {
        try {
          await context.getHeartbeat()();
        } catch (error) {
          if (isRebalance(error)) {
            throw error;
          }
          this.logger.warn(`${this.group} could not send a heartbeat while it waits; waiting on: ${errorText(error)}`);
        }
      }
    }
    return false;
  }

  private whyNobodyReads(message: IntegrationMessage): string {
    const name = message.type.replace(/\.v\d+$/, '');
    const versions = this.consumers.flatMap((consumer) => consumer.eventTypes).filter((type) => type.replace(/\.v\d+$/, '') === name);
    return versions.length > 0
      ? `an unknown version; the group reads ${[...new Set(versions)].join(', ')}`
      : 'no consumer of the group reads this type';
  }
}

/** The kafkajs errors that say the group has moved on without this member: its partitions may be another's now. */
const REBALANCE_ERRORS = new Set(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID']);

function isRebalance(error: unknown): boolean {
  return error instanceof Error && REBALANCE_ERRORS.has(String((error as { type?: unknown }).type));
}

function position(context: KafkaContext): string {
  return `${context.getTopic()}/${context.getPartition()}@${context.getMessage().offset}`;
}

/** The received headers as kafkajs sends them: the parser turned text that looked like JSON into objects. */
function outgoingHeaders(headers: Record<string, unknown>): IHeaders {
  const outgoing: IHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (Buffer.isBuffer(value)) {
      outgoing[name] = value;
    } else if (Array.isArray(value)) {
      outgoing[name] = value.map((item) => (Buffer.isBuffer(item) ? item : (headerText(item) ?? '')));
    } else if (value !== undefined && value !== null) {
      outgoing[name] = headerText(value)!;
    }
  }
  return outgoing;
}
