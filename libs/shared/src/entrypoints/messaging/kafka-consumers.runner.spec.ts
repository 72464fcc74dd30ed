import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { type AddressInfo, createServer } from 'node:net';
import { KeptDeadLetters } from '../../../../../test/support/kept-dead-letters';
import { kernelConfig } from '../../adapters/config/kernel.config';
import { KafkaSubscriptions } from '../../adapters/kafka/kafka-subscriptions';
import { CLOCK } from '../../service_layer/clock.port';
import { DEAD_LETTER_STORE } from '../../service_layer/dead-letter-store.port';
import { MessagingShutdown } from '../../service_layer/messaging-shutdown';
import { ProcessRole } from '../../service_layer/process-role';
import type { MessageConsumer } from '../../service_layer/message-broker.port';
import { ManualClock } from '../../testing/manual-clock';
import { KafkaConsumersRunner } from './kafka-consumers.runner';

const consumer = (name: string, source: string): MessageConsumer => ({ name, source, eventTypes: [], handle: async () => undefined });

/** A local address nobody listens on any more: connecting is refused at once, as by a broker that is down. */
async function refusedAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return `127.0.0.1:${port}`;
}

describe('KafkaConsumersRunner', () => {
  let warnings: string[];
  let app: TestingModule;

  const startWorker = async (environment: Record<string, string>) => {
    const subscriptions = new KafkaSubscriptions();
    subscriptions.add(consumer('users.activation-email', 'users'));
    subscriptions.add(consumer('assets.known-users', 'users'));
    app = await Test.createTestingModule({
      providers: [
        KafkaConsumersRunner,
        MessagingShutdown,
        { provide: ProcessRole, useValue: new ProcessRole('worker', 'mongo') },
        { provide: kernelConfig.KEY, useValue: kernelConfig(environment) },
        { provide: KafkaSubscriptions, useValue: subscriptions },
        { provide: DEAD_LETTER_STORE, useValue: new KeptDeadLetters() },
        { provide: CLOCK, useValue: new ManualClock() },
      ],
    }).compile();
    Logger.overrideLogger(false);
    await app.init();
  };

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('consumes nothing on the in-process broker', async () => {
    await startWorker({});

    await app.close();

    expect(warnings).toEqual([]);
  });

  it('starts a group per consuming context without waiting for Kafka, and stops them at once, even with the broker down', async () => {
    await startWorker({ KAFKA_BROKERS: await refusedAddress(), MONGODB_URL: 'mongodb://127.0.0.1:1/keepem' });

    while (warnings.length < 2) {
      await new Promise((wake) => setTimeout(wake, 50));
    }
    const stopping = Date.now();
    await app.close();

    expect(warnings.map((warning) => warning.replace(/ \(attempt.*/, '')).sort()).toEqual([
      'keepem.dev.assets could not start consuming',
      'keepem.dev.users could not start consuming',
    ]);
    expect(Date.now() - stopping).toBeLessThan(1_000);
  }, 30_000);
});
