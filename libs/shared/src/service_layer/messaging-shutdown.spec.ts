import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MessagingShutdown } from './messaging-shutdown';

describe('MessagingShutdown: the order messaging stops in', () => {
  beforeAll(() => {
    // Failing stops are logged; here they are the point.
    Logger.overrideLogger(false);
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** A stop that takes a moment, so that a later stage started too early would show up in between. */
  const slowStop = (events: string[], name: string) => async () => {
    events.push(`${name} stopping`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push(`${name} stopped`);
  };

  it('stops the consumers, then the relay, whatever order they registered in', async () => {
    const shutdown = new MessagingShutdown();
    const events: string[] = [];
    shutdown.onStop('relay', 'the outbox relay', slowStop(events, 'relay'));
    shutdown.onStop('consumers', 'the users consumers', slowStop(events, 'users'));
    shutdown.onStop('consumers', 'the assets consumers', slowStop(events, 'assets'));

    await shutdown.beforeApplicationShutdown();

    expect(events).toEqual(['users stopping', 'assets stopping', 'users stopped', 'assets stopped', 'relay stopping', 'relay stopped']);
  });

  it('goes on to the next stage when a stop fails, or throws before its promise, and logs which failed', async () => {
    const shutdown = new MessagingShutdown();
    const events: string[] = [];
    const errors: string[] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void errors.push(String(message)));
    shutdown.onStop('consumers', 'the users consumers', async () => {
      throw new Error('the group left already');
    });
    shutdown.onStop('consumers', 'the assets consumers', () => {
      throw new Error('not a promise');
    });
    shutdown.onStop('relay', 'the outbox relay', slowStop(events, 'relay'));

    await expect(shutdown.beforeApplicationShutdown()).resolves.toBeUndefined();

    expect(events).toEqual(['relay stopping', 'relay stopped']);
    expect(errors.sort()).toEqual([
      'Stopping the assets consumers failed: not a promise',
      'Stopping the users consumers failed: the group left already',
    ]);
  });

  it('stops each thing once, however often the application is closed', async () => {
    const shutdown = new MessagingShutdown();
    const events: string[] = [];
    shutdown.onStop('relay', 'the outbox relay', slowStop(events, 'relay'));

    await shutdown.beforeApplicationShutdown();
    await shutdown.beforeApplicationShutdown();

    expect(events).toEqual(['relay stopping', 'relay stopped']);
  });
});
