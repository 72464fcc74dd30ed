import { describe, expect, it, jest } from '@jest/globals';
import { loggedWarnings } from '../../testing/logged-warnings';
import { MessagingShutdown } from '../../service_layer/messaging-shutdown';
import type { OutboxRelay } from '../../service_layer/outbox-relay';
import { ProcessRole } from '../../service_layer/process-role';
import { OutboxRelayRunner } from './outbox-relay.runner';

describe('OutboxRelayRunner', () => {
  const warnings = loggedWarnings();

  const started = (role: ProcessRole) => {
    const start = jest.fn();
    const relay = { start, stop: jest.fn(async () => undefined) } as unknown as OutboxRelay;
    new OutboxRelayRunner(relay, role, new MessagingShutdown()).onApplicationBootstrap();
    return start;
  };

  it('warns that an API on MongoDB needs a worker, and starts no relay', () => {
    expect(started(new ProcessRole('api', 'mongo'))).not.toHaveBeenCalled();
    expect(warnings).toEqual([expect.stringContaining('wait until a worker runs beside it (`npm run start:worker`)')]);
  });

  it.each([
    ['the embedded API', new ProcessRole('api', 'memory')],
    ['the worker', new ProcessRole('worker', 'mongo')],
  ])('starts the relay without a warning: %s', (_, role) => {
    expect(started(role)).toHaveBeenCalledTimes(1);
    expect(warnings).toEqual([]);
  });

  it('warns nothing in a CLI command, which never relays', () => {
    expect(started(new ProcessRole('cli', 'mongo'))).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
  });
});
