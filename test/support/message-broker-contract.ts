import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { eventContract } from '@keepem/shared/contracts';
import { OnceEffectConsumer } from '@keepem/shared/messaging';
import {
  type Clock,
  type IntegrationMessage,
  type MessageConsumer,
  MessageMetadataFactory,
  OnceEffectRunner,
} from '@keepem/shared/service_layer';
import { integrationMessage, memoryPersistence, type MemoryPersistence } from '@keepem/shared/testing';
import { eventually } from './eventually';

/** A dead letter as the contract sees it, whatever the driver keeps. */
export interface SeenDeadLetter {
  /** What `replay` takes. */
  id: string;
  messageId: string;
  /** Names the consumer that gave up, and its last error. */
  error: string;
}

/**
 * One driver, set up for one test: the wire between the contexts, and what the consuming side runs.
 * Consumers are named `<context>.<purpose>`; every message of the contract comes from `orders`.
 */
export interface BrokerLeg {
  /** Before `start`, as the contexts subscribe while the application is put together. */
  subscribe(consumer: MessageConsumer): void;
  /** Starts consuming; resolves once the consumers are ready to take messages. */
  start(): Promise<void>;
  /** Sends a message on its way, as the outbox relay does for a committed event. */
  publish(message: IntegrationMessage): Promise<void>;
  /**
   * Crashes the consuming side of `consumer` before the delivery in hand is acknowledged (the outbox
   * record marked sent, the offset committed), and has it consume again: the message comes again.
   */
  crashBeforeAcknowledging(consumer: MessageConsumer): void;
  /** The messages consumers gave up on, after as many attempts as the driver allows. */
  deadLetters(): Promise<SeenDeadLetter[]>;
  /** An administrator's replay: the message goes to every consumer again. */
  replay(id: string): Promise<void>;
  stop(): Promise<void>;
}

export interface BrokerHarness {
  name: string;
  /** Why this driver cannot run here, or null. */
  skipped: string | null;
  /** How long a test may take on this driver. */
  timeoutMs: number;
  open(): Promise<BrokerLeg>;
}

const ORDER_PLACED_V1 = eventContract<{ order_id: string }>('orders', 'order-placed', 1);

/** A consumer of the test's own: keeps what it took, and fails the messages it is told to. */
class RecordingConsumer implements MessageConsumer {
  readonly source = 'orders';
  readonly taken: IntegrationMessage[] = [];
  /** Message ids it fails, as long as they are here. */
  readonly poisoned = new Set<string>();

  constructor(
    readonly name: string,
    readonly eventTypes: readonly string[] = [ORDER_PLACED_V1.type],
  ) {}

  async handle(message: IntegrationMessage): Promise<void> {
    if (this.poisoned.has(message.id)) {
      throw new Error(`cannot read order ${String(message.payload.order_id)}`);
    }
    this.taken.push(message);
  }

  takenIds(): string[] {
    return this.taken.map((message) => message.id);
  }
}

const orderPlaced = (fields: Partial<IntegrationMessage> = {}) =>
  integrationMessage({ source: 'orders', type: ORDER_PLACED_V1.type, payload: { order_id: 'o-1' }, ...fields });

/**
 * What every broker driver promises the contexts: it delivers what was published to each consuming
 * context, in order per aggregate, at least once (a consumer's inbox makes a redelivery harmless),
 * passes by what nobody reads, and sets a message a consumer keeps failing aside, where an
 * administrator sees it and replays it.
 */
export function messageBrokerContract(suite: string, harness: BrokerHarness): void {
  describe(`${suite}: ${harness.name}`, () => {
    const contract = harness.skipped ? it.skip : it;
    let leg: BrokerLeg;
    let persistence: MemoryPersistence;

    beforeEach(async () => {
      if (!harness.skipped) {
        leg = await harness.open();
        persistence = await memoryPersistence(() => undefined);
      }
      // Drivers log every failed attempt and dead letter; here those are the point of the tests.
      // After the persistence: its testing module puts a logger back.
      Logger.overrideLogger(false);
    });

    afterEach(async () => {
      if (!harness.skipped) {
        await leg.stop();
        await persistence.close();
      }
    });

    const until = <Value>(read: () => Value | Promise<Value>, done: (value: Value) => boolean) =>
      eventually(async () => read(), done, harness.timeoutMs - 5_000);

    contract(
      'delivers a published message, envelope and payload, to a consumer of each consuming context',
      async () => {
        const invoices = new RecordingConsumer('billing.invoice');
        const labels = new RecordingConsumer('shipping.labels');
        leg.subscribe(invoices);
        leg.subscribe(labels);
        await leg.start();
        const message = orderPlaced({ sequence: 1 });

        await leg.publish(message);

        await until(
          () => [invoices.taken.length, labels.taken.length],
          (counts) => counts.every((count) => count > 0),
        );
        expect(invoices.taken).toEqual([message]);
        expect(labels.taken).toEqual([message]);
      },
      harness.timeoutMs,
    );

    contract(
      'delivers the messages of one aggregate in the order they were published',
      async () => {
        const invoices = new RecordingConsumer('billing.invoice');
        leg.subscribe(invoices);
        await leg.start();
        const aggregates = ['order-a', 'order-b', 'order-c'];
        const published: IntegrationMessage[] = [];
        for (let sequence = 1; sequence <= 5; sequence += 1) {
          for (const aggregateId of aggregates) {
            const message = orderPlaced({ aggregateId, sequence });
            published.push(message);
            await leg.publish(message);
          }
        }

        await until(
          () => invoices.taken.length,
          (count) => count >= published.length,
        );
        for (const aggregateId of aggregates) {
          const sequences = (messages: IntegrationMessage[]) =>
            messages.filter((message) => message.aggregateId === aggregateId).map((message) => message.sequence);
          expect(sequences(invoices.taken)).toEqual([1, 2, 3, 4, 5]);
        }
        expect(invoices.takenIds().sort()).toEqual(published.map((message) => message.id).sort());
      },
      harness.timeoutMs,
    );

    contract(
      'delivers a message again after a crash before its delivery was acknowledged, with no second effect',
      async () => {
        const clock: Clock = { now: () => new Date() };
        const runner = new OnceEffectRunner(
          persistence.unitOfWork,
          clock,
          { leaseMs: 30_000, renewEveryMs: 5_000 },
          new MessageMetadataFactory(clock),
        );
        const receipts: string[] = [];
        const deliveries: string[] = [];
        const receipt = new OnceEffectConsumer(
          'billing.receipt',
          ORDER_PLACED_V1,
          runner,
          async (payload) => void receipts.push(payload.order_id),
        );
        leg.subscribe(
          crashingAfterFirstDelivery(leg, {
            name: receipt.name,
            source: receipt.source,
            eventTypes: receipt.eventTypes,
            handle: async (message) => {
              deliveries.push(message.id);
              await receipt.handle(message);
            },
          }),
        );
        await leg.start();
        const message = orderPlaced({ payload: { order_id: 'o-42' } });

        await leg.publish(message);

        await until(
          () => deliveries.length,
          (count) => count >= 2,
        );
        const later = orderPlaced({ payload: { order_id: 'o-43' } });
        await leg.publish(later);
        await until(
          () => receipts,
          (sent) => sent.includes('o-43'),
        );
        expect(receipts).toEqual(['o-42', 'o-43']);
        expect(deliveries.filter((id) => id === message.id)).toHaveLength(2);
      },
      harness.timeoutMs,
    );

    contract(
      'passes by an event type or a version nobody reads, and holds nothing back behind it',
      async () => {
        const invoices = new RecordingConsumer('billing.invoice');
        leg.subscribe(invoices);
        await leg.start();
        const aggregateId = 'order-unknowns';
        const known = orderPlaced({ aggregateId, sequence: 3 });

        await leg.publish(orderPlaced({ aggregateId, sequence: 1, type: 'orders.order-refunded.v1' }));
        await leg.publish(orderPlaced({ aggregateId, sequence: 2, type: 'orders.order-placed.v2' }));
        await leg.publish(known);

        await until(
          () => invoices.taken.length,
          (count) => count > 0,
        );
        expect(invoices.takenIds()).toEqual([known.id]);
        expect(await leg.deadLetters()).toEqual([]);
      },
      harness.timeoutMs,
    );

    contract(
      'sets aside a message a consumer keeps failing, moves on to other aggregates, and delivers it again on replay',
      async () => {
        const invoices = new RecordingConsumer('billing.invoice');
        leg.subscribe(invoices);
        await leg.start();
        const poison = orderPlaced({ aggregateId: 'order-poison', payload: { order_id: 'o-poison' } });
        const healthy = orderPlaced({ aggregateId: 'order-healthy' });
        invoices.poisoned.add(poison.id);

        await leg.publish(poison);
        await leg.publish(healthy);

        const [letter] = await until(
          () => leg.deadLetters(),
          (letters) => letters.length > 0,
        );
        expect(letter).toMatchObject({ messageId: poison.id });
        expect(letter.error).toContain('billing.invoice');
        expect(letter.error).toContain('cannot read order o-poison');
        await until(
          () => invoices.takenIds(),
          (ids) => ids.includes(healthy.id),
        );

        invoices.poisoned.delete(poison.id);
        await leg.replay(letter.id);

        await until(
          () => invoices.takenIds(),
          (ids) => ids.includes(poison.id),
        );
        expect(invoices.takenIds()).toEqual([healthy.id, poison.id]);
      },
      harness.timeoutMs,
    );
  });
}

/** Wraps a consumer so that the first time it has taken a message, its consuming side crashes before acknowledging it. */
function crashingAfterFirstDelivery(leg: BrokerLeg, consumer: MessageConsumer): MessageConsumer {
  let crashed = false;
  return {
    name: consumer.name,
    source: consumer.source,
    eventTypes: consumer.eventTypes,
    handle: async (message) => {
      await consumer.handle(message);
      if (!crashed) {
        crashed = true;
        leg.crashBeforeAcknowledging(consumer);
      }
    },
  };
}
