import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { KafkaContext, KafkaParser } from '@nestjs/microservices';
import {
  CompressionTypes,
  type Consumer,
  type IHeaders,
  KafkaJSConnectionError,
  KafkaJSProtocolError,
  type Producer,
  type ProducerRecord,
  type TopicPartitionOffsetAndMetadata,
} from 'kafkajs';
import { eventContract } from '../../contracts/integration-event';
import { KeptDeadLetters } from '../../../../../test/support/kept-dead-letters';
import { OnceEffectConsumer } from '../../entrypoints/messaging/once-effect.consumer';
import { EffectInProgressError, type IntegrationMessage, type MessageConsumer } from '../../service_layer/message-broker.port';
import { MessageMetadataFactory } from '../../service_layer/message-metadata.factory';
import { OnceEffectRunner } from '../../service_layer/once-effect.runner';
import { integrationMessage } from '../../testing/integration-message';
import { ManualClock } from '../../testing/manual-clock';
import { memoryPersistence, type MemoryPersistence } from '../../testing/memory-persistence';
import { KafkaDispatcher, type KafkaDispatchSettings } from './kafka-dispatcher';
import { encodeEventRecord } from './kafka-event-record';

const TOPIC = 'keepem.dev.orders.events';
const PARTITION = 2;
const DEAD_AT = new Date('2031-05-06T07:08:09.000Z');

/**
 * kafkajs at the edge, as thin as it goes: the consumer's commitOffsets, the heartbeat callback
 * and the producer's send, each keeping what it was asked in one log so the order shows.
 */
class KafkaEdge {
  readonly log: string[] = [];
  readonly commits: TopicPartitionOffsetAndMetadata[] = [];
  readonly sent: ProducerRecord[] = [];
  heartbeats = 0;
  /** Errors the next sends fail with, as a broker that cannot be reached would. */
  readonly sendFailures: Error[] = [];
  /** The error the next heartbeat fails with, as kafkajs's does while the group rebalances. */
  heartbeatFailure: Error | null = null;

  private readonly consumer = {
    commitOffsets: async (offsets: TopicPartitionOffsetAndMetadata[]) => {
      this.log.push(`commit ${offsets.map((offset) => offset.offset).join(',')}`);
      this.commits.push(...offsets);
    },
  } as Pick<Consumer, 'commitOffsets'> as Consumer;

  private readonly producer = {
    send: async (record: ProducerRecord) => {
      const failure = this.sendFailures.shift();
      if (failure) {
        this.log.push('send failed');
        throw failure;
      }
      this.log.push(`send ${record.topic}`);
      this.sent.push(record);
      return [];
    },
  } as Pick<Producer, 'send'> as Producer;

  private readonly heartbeat = async () => {
    this.heartbeats += 1;
    const failure = this.heartbeatFailure;
    this.heartbeatFailure = null;
    if (failure) {
      throw failure;
    }
  };

  /** What ServerKafka hands its handler for a record kafkajs fetched: the record parsed as the transport parses it. */
  received(record: { key?: Buffer | null; value: Buffer | null; headers?: IHeaders }, offset: string): KafkaContext {
    const fetched = { key: record.key ?? null, value: record.value, headers: record.headers ?? {}, offset, timestamp: '0', attributes: 0 };
    const parsed = new KafkaParser({ keepBinary: true }).parse({ ...fetched, topic: TOPIC, partition: PARTITION });
    return new KafkaContext([parsed, PARTITION, TOPIC, this.consumer as never, this.heartbeat, this.producer as never]);
  }

  /** One of our events, as the relay's producer wrote it and kafkajs fetched it (every header a Buffer). */
  event(message: IntegrationMessage, offset: string, compressMinBytes = 4096): KafkaContext {
    const { message: record } = encodeEventRecord(message, compressMinBytes);
    const headers = Object.fromEntries(Object.entries(record.headers!).map(([name, value]) => [name, Buffer.from(String(value))]));
    return this.received({ key: Buffer.from(String(record.key)), value: record.value as Buffer, headers }, offset);
  }
}

/** A consumer of ours as the broker sees one: it takes what it is given, or fails as told. */
class ScriptedConsumer implements MessageConsumer {
  readonly taken: IntegrationMessage[] = [];
  readonly attemptsAt: number[] = [];
  /** What the next attempts throw, in order; once empty, attempts succeed. */
  readonly failures: Error[] = [];
  failForever: Error | null = null;
  /** Runs inside each attempt, before it succeeds or fails, e.g. to hold it at a barrier. */
  during: () => Promise<void> = async () => undefined;

  constructor(
    readonly name: string,
    readonly eventTypes: readonly string[] = ['orders.order-placed.v1'],
    readonly source = 'orders',
  ) {}

  async handle(message: IntegrationMessage): Promise<void> {
    this.attemptsAt.push(Date.now());
    await this.during();
    const failure = this.failures.shift() ?? this.failForever;
    if (failure) {
      throw failure;
    }
    this.taken.push(message);
  }
}

const placed = (fields: Partial<IntegrationMessage> = {}) =>
  integrationMessage({ source: 'orders', type: 'orders.order-placed.v1', payload: { order_id: 'o-1' }, ...fields });

const SETTINGS: KafkaDispatchSettings = { maxAttempts: 3, retryBaseMs: 20, maxRetryDelayMs: 60_000, heartbeatEveryMs: 1_000 };

describe('KafkaDispatcher', () => {
  let edge: KafkaEdge;
  let deadLetters: KeptDeadLetters;
  const dispatcher = (consumers: MessageConsumer[], settings: Partial<KafkaDispatchSettings> = {}) =>
    new KafkaDispatcher('keepem.dev.orders', consumers, deadLetters, new ManualClock(DEAD_AT), { ...SETTINGS, ...settings });

  beforeEach(() => {
    edge = new KafkaEdge();
    deadLetters = new KeptDeadLetters();
    // Failed attempts and dead letters are logged; here they are the point of the tests.
    Logger.overrideLogger(false);
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  describe('what no consumer of the group reads', () => {
    it('skips an event type nobody reads, saying so, and commits past it', async () => {
      const consumer = new ScriptedConsumer('orders.invoice');
      const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);

      await dispatcher([consumer]).dispatch(edge.event(placed({ type: 'orders.order-shipped.v1' }), '41'));

      expect(consumer.attemptsAt).toEqual([]);
      expect(edge.commits).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '42' }]);
      expect(String(debug.mock.calls[0][0])).toMatch(/skips orders.order-shipped.v1 .* no consumer of the group reads this type/);
    });

    it('skips a version nobody reads, naming the versions it reads, and commits past it', async () => {
      const consumer = new ScriptedConsumer('orders.invoice');
      const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);

      await dispatcher([consumer]).dispatch(edge.event(placed({ type: 'orders.order-placed.v2' }), '7'));

      expect(consumer.attemptsAt).toEqual([]);
      expect(edge.commits).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '8' }]);
      expect(String(debug.mock.calls[0][0])).toMatch(/an unknown version; the group reads orders.order-placed.v1/);
    });

    it('skips an event of a source its consumers do not read, whatever its type', async () => {
      const consumer = new ScriptedConsumer('orders.invoice');

      await dispatcher([consumer]).dispatch(edge.event(placed({ source: 'billing' }), '3'));

      expect(consumer.attemptsAt).toEqual([]);
      expect(edge.commits.map((commit) => commit.offset)).toEqual(['4']);
    });

    it.each([
      ['without our headers', { value: Buffer.from('{"order_id":"o-1"}') }],
      ['whose value is not JSON', { value: Buffer.from('not json'), headers: edge0().headers }],
      ['without a value (a tombstone)', { value: null, headers: edge0().headers }],
    ])('skips a record %s, and commits past it', async (_, record) => {
      const consumer = new ScriptedConsumer('orders.invoice');

      await dispatcher([consumer]).dispatch(edge.received(record, '99'));

      expect(consumer.attemptsAt).toEqual([]);
      expect(edge.commits.map((commit) => commit.offset)).toEqual(['100']);
    });
  });

  it('hands the consumer the message as it was published, then commits the next offset', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    const message = placed({ sequence: 4 });

    await dispatcher([consumer]).dispatch(edge.event(message, '9007199254740993'));

    expect(consumer.taken).toEqual([message]);
    expect(edge.commits).toEqual([{ topic: TOPIC, partition: PARTITION, offset: '9007199254740994' }]);
    expect(await deadLetters.all()).toEqual([]);
  });

  it('retries a failing consumer in place, waiting longer each time, and commits once it took the message', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failures.push(new Error('SMTP down'), new Error('SMTP still down'));

    await dispatcher([consumer], { maxAttempts: 3, retryBaseMs: 40 }).dispatch(edge.event(placed(), '5'));

    const [first, second, third] = consumer.attemptsAt;
    expect(second - first).toBeGreaterThanOrEqual(39);
    expect(third - second).toBeGreaterThanOrEqual(79);
    expect(consumer.taken).toHaveLength(1);
    expect(edge.log).toEqual(['commit 6']);
  });

  it('sends a message the consumer kept failing to <topic>.dlq as it came, saying who gave up and why, keeps it, then commits', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failForever = new Error('the invoice template is broken');
    const message = placed();
    const { message: original } = encodeEventRecord(message, 4096);

    await dispatcher([consumer], { maxAttempts: 3, retryBaseMs: 5 }).dispatch(edge.event(message, '12'));

    expect(consumer.attemptsAt).toHaveLength(3);
    expect(edge.log).toEqual([`send ${TOPIC}.dlq`, 'commit 13']);
    const [sent] = edge.sent;
    expect(sent).toMatchObject({ topic: `${TOPIC}.dlq`, acks: -1, compression: CompressionTypes.None });
    expect(sent.messages).toHaveLength(1);
    const [dead] = sent.messages;
    expect(dead.key).toBe(message.aggregateId);
    expect(Buffer.from(dead.value as Buffer).equals(original.value as Buffer)).toBe(true);
    expect(dead.headers).toEqual({
      ...original.headers,
      dlq_consumer: 'orders.invoice',
      dlq_error: 'the invoice template is broken',
      dlq_attempts: '3',
      dlq_original_topic: TOPIC,
      dlq_original_partition: String(PARTITION),
      dlq_original_offset: '12',
      dlq_dead_at: DEAD_AT.toISOString(),
    });
    expect(await deadLetters.all()).toEqual([
      {
        id: expect.any(String),
        consumer: 'orders.invoice',
        topic: TOPIC,
        partition: PARTITION,
        offset: '12',
        message,
        error: 'the invoice template is broken',
        attempts: 3,
        deadAt: DEAD_AT,
        replayedAt: null,
      },
    ]);
  });

  it('compresses a dead letter as its original was compressed', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failForever = new Error('too big to handle');

    await dispatcher([consumer], { maxAttempts: 1 }).dispatch(edge.event(placed({ payload: { note: 'x'.repeat(64) } }), '1', 16));

    expect(edge.sent[0].compression).toBe(CompressionTypes.GZIP);
  });

  it('gives each interested consumer the message: one that gives up is dead-lettered alone, the others take it', async () => {
    const failing = new ScriptedConsumer('orders.invoice');
    failing.failForever = new Error('broken');
    const healthy = new ScriptedConsumer('orders.receipt');
    const uninterested = new ScriptedConsumer('orders.shipping', ['orders.order-shipped.v1']);

    await dispatcher([failing, healthy, uninterested], { maxAttempts: 2, retryBaseMs: 1 }).dispatch(edge.event(placed(), '0'));

    expect(healthy.taken).toHaveLength(1);
    expect(uninterested.attemptsAt).toEqual([]);
    expect((await deadLetters.all()).map((letter) => letter.consumer)).toEqual(['orders.invoice']);
    expect(edge.log).toEqual([`send ${TOPIC}.dlq`, 'commit 1']);
  });

  it('tries a dead letter that could not be sent again in place, without running the consumer again, then commits', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failForever = new Error('broken');
    edge.sendFailures.push(new Error('the DLQ partition has no leader'));

    await dispatcher([consumer], { maxAttempts: 2, retryBaseMs: 1 }).dispatch(edge.event(placed(), '20'));

    expect(consumer.attemptsAt).toHaveLength(2);
    expect(edge.log).toEqual(['send failed', `send ${TOPIC}.dlq`, 'commit 21']);
    expect(await deadLetters.all()).toHaveLength(1);
  });

  it('tries a dead letter that could not be kept again in place: one letter, one DLQ record, the consumer run only its attempts', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failForever = new Error('broken');
    deadLetters.failNextAdd = true;

    await dispatcher([consumer], { maxAttempts: 3, retryBaseMs: 1 }).dispatch(edge.event(placed(), '20'));

    expect(consumer.attemptsAt).toHaveLength(3);
    expect(edge.log).toEqual([`send ${TOPIC}.dlq`, 'commit 21']);
    expect(await deadLetters.all()).toHaveLength(1);
  });

  it('abandons, uncommitted, a dead letter it keeps failing to send once the group stops', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failForever = new Error('broken');
    edge.sendFailures.push(...Array.from({ length: 1_000 }, () => new Error('the DLQ partition has no leader')));
    const groupDispatcher = dispatcher([consumer], { maxAttempts: 1, retryBaseMs: 60_000 });
    const dispatched = groupDispatcher.dispatch(edge.event(placed(), '20'));
    await until(() => edge.log.length === 1);

    await groupDispatcher.stop();

    await expect(dispatched).resolves.toBeUndefined();
    expect(consumer.attemptsAt).toHaveLength(1);
    expect(edge.log).toEqual(['send failed']);
  });

  it('waits out another delivery at work on the message without counting it as a failure', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failures.push(...[1, 2, 3, 4].map(() => new EffectInProgressError('another delivery is sending it')));

    await dispatcher([consumer], { maxAttempts: 2, retryBaseMs: 1 }).dispatch(edge.event(placed(), '0'));

    expect(consumer.attemptsAt).toHaveLength(5);
    expect(consumer.taken).toHaveLength(1);
    expect(await deadLetters.all()).toEqual([]);
  });

  it('sends heartbeats while it waits between attempts, so the group keeps its partitions', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failures.push(new Error('SMTP down'));

    await dispatcher([consumer], { retryBaseMs: 100, heartbeatEveryMs: 20 }).dispatch(edge.event(placed(), '0'));

    expect(edge.heartbeats).toBeGreaterThanOrEqual(3);
    expect(consumer.taken).toHaveLength(1);
  });

  it('sends heartbeats while a consumer works slowly', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.during = () => new Promise((done) => setTimeout(done, 100));

    await dispatcher([consumer], { heartbeatEveryMs: 20 }).dispatch(edge.event(placed(), '0'));

    expect(edge.heartbeats).toBeGreaterThanOrEqual(3);
  });

  it.each(['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'])(
    'leaves the record uncommitted when a heartbeat during a wait answers %s: whoever owns the partition next reads it',
    async (type) => {
      const consumer = new ScriptedConsumer('orders.invoice');
      consumer.failForever = new Error('SMTP down');
      edge.heartbeatFailure = new KafkaJSProtocolError(Object.assign(new Error(`The coordinator answered ${type}`), { type, code: 27 }));

      await expect(
        dispatcher([consumer], { maxAttempts: 5, retryBaseMs: 50, heartbeatEveryMs: 10 }).dispatch(edge.event(placed(), '0')),
      ).rejects.toThrow(type);

      expect(consumer.attemptsAt).toHaveLength(1);
      expect(edge.log).toEqual([]);
    },
  );

  it('waits on when a heartbeat fails for another reason, saying so, and commits once the consumer took the message', async () => {
    const consumer = new ScriptedConsumer('orders.invoice');
    consumer.failures.push(new Error('SMTP down'));
    edge.heartbeatFailure = new KafkaJSConnectionError('Connection error: ECONNREFUSED');
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    await dispatcher([consumer], { retryBaseMs: 50, heartbeatEveryMs: 10 }).dispatch(edge.event(placed(), '0'));

    expect(consumer.taken).toHaveLength(1);
    expect(edge.log).toEqual(['commit 1']);
    expect(warn.mock.calls.map(([line]) => String(line))).toContainEqual(
      expect.stringMatching(/could not send a heartbeat .*ECONNREFUSED/),
    );
  });

  describe('stopping', () => {
    it('abandons a wait between attempts without committing, so the message comes again at the next start', async () => {
      const consumer = new ScriptedConsumer('orders.invoice');
      consumer.failForever = new Error('SMTP down');
      const groupDispatcher = dispatcher([consumer], { retryBaseMs: 60_000 });
      const dispatched = groupDispatcher.dispatch(edge.event(placed(), '0'));
      await until(() => consumer.attemptsAt.length === 1);

      const startedStopping = Date.now();
      await groupDispatcher.stop();

      await expect(dispatched).resolves.toBeUndefined();
      expect(Date.now() - startedStopping).toBeLessThan(1_000);
      expect(edge.log).toEqual([]);
      expect(await deadLetters.all()).toEqual([]);
    });

    it('finishes the message in hand and commits it, then takes no other', async () => {
      const consumer = new ScriptedConsumer('orders.invoice');
      let finish: () => void = () => undefined;
      consumer.during = () => new Promise((done) => (finish = done));
      const groupDispatcher = dispatcher([consumer]);
      const dispatched = groupDispatcher.dispatch(edge.event(placed(), '30'));
      await until(() => consumer.attemptsAt.length === 1);

      const stopped = groupDispatcher.stop();
      let stoppedEarly = false;
      void stopped.then(() => (stoppedEarly = edge.commits.length === 0));
      finish();
      await stopped;
      await dispatched;
      await groupDispatcher.dispatch(edge.event(placed(), '31'));

      expect(stoppedEarly).toBe(false);
      expect(consumer.taken).toHaveLength(1);
      expect(edge.log).toEqual(['commit 31']);
    });
  });

  describe('through the real consumer code', () => {
    let persistence: MemoryPersistence;

    beforeEach(async () => {
      persistence = await memoryPersistence(() => undefined);
      // Its testing module puts a logger back.
      Logger.overrideLogger(false);
    });

    afterEach(() => persistence.close());

    it('has no second effect when the same record is delivered again after a crash before its commit', async () => {
      const clock = new ManualClock();
      const runner = new OnceEffectRunner(
        persistence.unitOfWork,
        clock,
        { leaseMs: 30_000, renewEveryMs: 10_000 },
        new MessageMetadataFactory(clock),
      );
      const receipts: string[] = [];
      const receipt = new OnceEffectConsumer<{ order_id: string }>(
        'orders.receipt',
        eventContract<{ order_id: string }>('orders', 'order-placed', 1),
        runner,
        async (payload) => void receipts.push(payload.order_id),
      );
      const message = placed();

      await dispatcher([receipt]).dispatch(edge.event(message, '50'));
      await dispatcher([receipt]).dispatch(edge.event(message, '50'));

      expect(receipts).toEqual(['o-1']);
      expect(edge.log).toEqual(['commit 51', 'commit 51']);
    });
  });
});

/** The headers of one of our events, for records that carry them around something unreadable. */
function edge0(): { headers: IHeaders } {
  const { message } = encodeEventRecord(placed(), 4096);
  return { headers: message.headers! };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((wake) => setTimeout(wake, 2));
  }
}
