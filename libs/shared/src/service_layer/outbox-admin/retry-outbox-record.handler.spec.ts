import { beforeEach, describe, expect, it } from '@jest/globals';
import { MemoryDocumentSession } from '../../adapters/memory/memory-document-session';
import { MemoryDocumentStore } from '../../adapters/memory/memory-document-store';
import { MemoryOutboxStore } from '../../adapters/memory/memory-outbox.store';
import { MemoryOutboxView } from '../../adapters/memory/memory-outbox.view';
import { RepositoryRegistry } from '../../adapters/persistence/repository-registry';
import { ConflictError, NotFoundError } from '../../domain/domain-error';
import { ManualClock } from '../../testing/manual-clock';
import { OutboxRecord } from '../outbox.port';
import { OutboxSignal } from '../outbox-signal';
import { MessageMetadataFactory } from '../message-metadata.factory';
import { RetryOutboxRecord } from './retry-outbox-record.command';
import { RetryOutboxRecordHandler } from './retry-outbox-record.handler';

const MINUTE_MS = 60_000;

describe('RetryOutboxRecord', () => {
  let clock: ManualClock;
  let database: MemoryDocumentStore;
  let store: MemoryOutboxStore;
  let view: MemoryOutboxView;
  let relayWakeUps: number;
  let handler: RetryOutboxRecordHandler;

  beforeEach(() => {
    clock = new ManualClock(new Date('2030-01-01T00:00:00.000Z'));
    // The embedded outbox as the outbox contract suite drives it: records are committed through a
    // document session, and the store is worked as the relay works it.
    database = new MemoryDocumentStore(new RepositoryRegistry());
    store = new MemoryOutboxStore(database);
    view = new MemoryOutboxView(database);
    const signal = new OutboxSignal();
    relayWakeUps = 0;
    signal.onCommit(() => (relayWakeUps += 1));
    handler = new RetryOutboxRecordHandler(store, view, signal);
  });

  const retry = (recordId: string) =>
    handler.execute(
      new RetryOutboxRecord({
        recordId,
        metadata: new MessageMetadataFactory(clock).forSystem(),
      }),
    );

  async function committedRecord(): Promise<OutboxRecord> {
    const record: OutboxRecord = {
      id: crypto.randomUUID(),
      source: 'counters',
      type: 'counters.counter-incremented.v1',
      aggregateId: crypto.randomUUID(),
      sequence: 1,
      payload: { value: 1 },
      occurredAt: clock.now(),
      correlationId: crypto.randomUUID(),
      causationId: crypto.randomUUID(),
      attempts: 0,
    };
    const session = new MemoryDocumentSession(database);
    await session.appendToOutbox(record);
    session.commit();
    return record;
  }

  /** Claims the next record as a relay does and settles it with `settle`. */
  async function deliver(settle: (id: string, token: string) => Promise<boolean>): Promise<void> {
    const token = crypto.randomUUID();
    const claimed = await store.claimNext({ token, leaseUntil: new Date(clock.now().getTime() + MINUTE_MS) }, clock.now());
    expect(await settle(claimed!.id, token)).toBe(true);
  }

  it('makes a dead record pending again, due at once with its attempts counted from zero, and wakes the relay', async () => {
    const record = await committedRecord();
    await deliver((id, token) => store.markDead(id, token, 'the broker refused it', clock.now()));
    clock.advance(MINUTE_MS);

    await retry(record.id);

    expect(await view.findById(record.id)).toMatchObject({ state: 'pending', attempts: 0, retryAt: clock.now(), deadAt: null });
    expect(relayWakeUps).toBe(1);
    expect(
      await store.claimNext({ token: 'next relay', leaseUntil: new Date(clock.now().getTime() + MINUTE_MS) }, clock.now()),
    ).toMatchObject({
      id: record.id,
    });
  });

  it.each([
    ['pending', async () => undefined],
    ['sent', () => deliver((id, token) => store.markSent(id, token, clock.now()))],
  ])('refuses to retry a %s record with a conflict naming its state, and changes nothing', async (state, settle) => {
    const record = await committedRecord();
    await settle();
    const before = await view.findById(record.id);

    const refused = retry(record.id);

    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'id', message: `the record is ${state}, not dead` }] });
    expect(await view.findById(record.id)).toEqual(before);
    expect(relayWakeUps).toBe(0);
  });

  it('answers an unknown record with not found', async () => {
    await expect(retry(crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets one of two retries at once win; the other finds the record pending and conflicts', async () => {
    const record = await committedRecord();
    await deliver((id, token) => store.markDead(id, token, 'the broker refused it', clock.now()));

    const outcomes = await Promise.allSettled([retry(record.id), retry(record.id)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost.reason).toBeInstanceOf(ConflictError);
    expect(relayWakeUps).toBe(1);
  });
});
