import { describe, expect, it } from '@jest/globals';
import { ProcessRole } from './process-role';

describe('ProcessRole: which process relays the outbox and consumes', () => {
  it.each([
    ['api', 'memory', true],
    ['api', 'mongo', false],
    ['worker', 'mongo', true],
    ['worker', 'memory', true],
    ['cli', 'memory', false],
    ['cli', 'mongo', false],
  ] as const)('the %s on %s persistence: %s', (name, persistence, relays) => {
    const role = new ProcessRole(name, persistence);

    expect({ relaysOutbox: role.relaysOutbox, consumes: role.consumes }).toEqual({ relaysOutbox: relays, consumes: relays });
  });
});
