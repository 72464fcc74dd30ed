import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { mongo } from 'mongoose';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { loggedWarnings } from '../../testing/logged-warnings';
import { MongoOutboxWatcher, type OutboxChangeStream } from './mongo-outbox.watcher';

/** The driver's change stream at its edge: events in, close out. */
class FakeChangeStream extends EventEmitter {
  closed = false;

  constructor(private readonly closeFails: boolean) {
    super();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.closeFails) {
      throw new Error('the connection is gone');
    }
  }

  /** The server answered the stream's first command, with a resume token: it is watching. */
  answered(): void {
    this.emit('resumeTokenChanged', { _data: '8200000001' });
  }

  inserted(): void {
    this.emit('change', { operationType: 'insert' });
  }

  failed(error: Error): void {
    this.emit('error', error);
  }
}

const serverError = (code: number, codeName: string, errmsg: string) => new mongo.MongoServerError({ code, codeName, errmsg, ok: 0 });
const NOT_ON_STANDALONE = () => serverError(40573, 'Location40573', 'The $changeStream stage is only supported on replica sets');
const NOT_IMPLEMENTED = () => serverError(238, 'NotImplemented', 'unsupported aggregation stage: $changeStream');
const INTERRUPTED = () => serverError(11601, 'Interrupted', 'operation was interrupted');

const OPTIONS = { pollIntervalMs: 30_000, reopenBaseMs: 1_000, reopenMaxMs: 4_000 };

describe('MongoOutboxWatcher: what wakes the relay on MongoDB', () => {
  const warnings = loggedWarnings();
  let infos: string[];
  let streams: FakeChangeStream[];
  let signal: OutboxSignal;
  let wakes: number;
  let openFails: Error | null;
  let closeFails: boolean;
  let watcher: MongoOutboxWatcher;

  const latest = () => streams[streams.length - 1];

  beforeEach(() => {
    jest.useFakeTimers();
    infos = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void infos.push(String(message)));
    streams = [];
    signal = new OutboxSignal();
    wakes = 0;
    openFails = null;
    closeFails = false;
    watcher = new MongoOutboxWatcher(
      () => {
        if (openFails) {
          throw openFails;
        }
        const stream = new FakeChangeStream(closeFails);
        streams.push(stream);
        return stream as unknown as OutboxChangeStream;
      },
      signal,
      OPTIONS,
    );
  });

  afterEach(async () => {
    await watcher.close();
    jest.useRealTimers();
  });

  it('wakes the relay at each record another process adds, and at each commit of this one', () => {
    watcher.watch(() => (wakes += 1));
    latest().answered();

    latest().inserted();
    latest().inserted();
    signal.committed();

    expect(wakes).toBe(3);
    expect(infos).toEqual(['The outbox relay wakes on the outbox collection’s change stream']);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['a standalone mongod', NOT_ON_STANDALONE, 'Location40573: The $changeStream stage is only supported on replica sets'],
    ['a server without the stage', NOT_IMPLEMENTED, 'NotImplemented: unsupported aggregation stage: $changeStream'],
  ])('says once, with the reason, that %s leaves the relay to polling, and asks no more', (_, error, reason) => {
    watcher.watch(() => (wakes += 1));

    latest().failed(error());
    jest.advanceTimersByTime(10 * OPTIONS.reopenMaxMs);

    expect(warnings).toEqual([
      `Change streams are unavailable on this MongoDB deployment (${reason}): the outbox relay falls back to polling every 30000 ms`,
    ]);
    expect(streams).toHaveLength(1);
    expect(latest().closed).toBe(true);
    signal.committed();
    expect(wakes).toBe(1);
  });

  it('opens a stream that failed later again, waiting longer after each failure, and warns once until it works again', () => {
    watcher.watch(() => (wakes += 1));
    latest().answered();

    latest().failed(INTERRUPTED());
    expect(warnings).toEqual([
      'The outbox change stream failed (Interrupted: operation was interrupted): the outbox relay polls every 30000 ms until it is reopened',
    ]);
    jest.advanceTimersByTime(OPTIONS.reopenBaseMs - 1);
    expect(streams).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(streams).toHaveLength(2);

    latest().failed(INTERRUPTED());
    jest.advanceTimersByTime(2 * OPTIONS.reopenBaseMs - 1);
    expect(streams).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(streams).toHaveLength(3);
    latest().failed(INTERRUPTED());
    jest.advanceTimersByTime(OPTIONS.reopenMaxMs);
    latest().failed(INTERRUPTED());
    jest.advanceTimersByTime(OPTIONS.reopenMaxMs);
    expect(streams).toHaveLength(5);
    expect(warnings).toHaveLength(1);
    expect(streams.slice(0, 4).every((stream) => stream.closed)).toBe(true);

    expect(wakes).toBe(0);
    latest().answered();
    // What was committed while nothing watched is relayed now, not at the next poll.
    expect(wakes).toBe(1);
    expect(infos).toEqual([
      'The outbox relay wakes on the outbox collection’s change stream',
      'The outbox change stream works again: the relay wakes at each new record',
    ]);
    latest().inserted();
    expect(wakes).toBe(2);

    latest().failed(INTERRUPTED());
    expect(warnings).toHaveLength(2);
    jest.advanceTimersByTime(OPTIONS.reopenBaseMs);
    expect(streams).toHaveLength(6);
  });

  it('takes a stream the driver refused to open for one that failed, without throwing', () => {
    openFails = new Error('The MongoDB connection is not open');

    expect(() => watcher.watch(() => (wakes += 1))).not.toThrow();
    expect(warnings).toEqual([
      'The outbox change stream failed (The MongoDB connection is not open): the outbox relay polls every 30000 ms until it is reopened',
    ]);

    openFails = null;
    jest.advanceTimersByTime(OPTIONS.reopenBaseMs);
    latest().answered();
    expect(wakes).toBe(1);
    expect(infos).toEqual(['The outbox relay wakes on the outbox collection’s change stream']);
  });

  it('on close, ends the stream and any reopening, and nothing it hears afterwards wakes anyone', async () => {
    closeFails = true;
    watcher.watch(() => (wakes += 1));
    const first = latest();
    first.answered();

    await watcher.close();
    first.inserted();
    first.failed(INTERRUPTED());
    signal.committed();
    jest.advanceTimersByTime(10 * OPTIONS.reopenMaxMs);

    expect(first.closed).toBe(true);
    expect(wakes).toBe(0);
    expect(streams).toHaveLength(1);
    expect(warnings).toEqual([]);
  });

  it('on close during the wait before a reopen, opens nothing more', async () => {
    watcher.watch(() => (wakes += 1));
    latest().failed(INTERRUPTED());

    await watcher.close();
    jest.advanceTimersByTime(10 * OPTIONS.reopenMaxMs);

    expect(streams).toHaveLength(1);
  });
});
