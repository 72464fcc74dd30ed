import { describe, expect, it } from '@jest/globals';
import { UnavailableError } from '@keepem/shared/domain';
import type { PasswordHasher } from '../service_layer/ports/password-hasher.port';
import { BoundedPasswordHasher } from './bounded-password.hasher';

/** Hashes that take as long as the test says. */
class SlowHasher implements PasswordHasher {
  readonly decoyHash = Promise.resolve('decoy');
  readonly pending: Array<() => void> = [];

  hash(password: string): Promise<string> {
    return new Promise((resolve) => this.pending.push(() => resolve(`hashed:${password}`)));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return new Promise((resolve) => this.pending.push(() => resolve(hash === `hashed:${password}`)));
  }
}

describe('BoundedPasswordHasher', () => {
  it('hashes and checks through one bounded queue, and refuses past it with a 503-kind error', async () => {
    const inner = new SlowHasher();
    const hasher = new BoundedPasswordHasher(inner, { concurrency: 1, queueLimit: 1 });
    const hashed = hasher.hash('secret');
    const checked = hasher.verify('hashed:secret', 'secret');

    const refused = await hasher.hash('one too many').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as UnavailableError).kind).toBe('unavailable');
    expect((refused as UnavailableError).message).toMatch(/^Too many passwords are being checked; try again in \d+ s$/);

    inner.pending.shift()?.();
    expect(await hashed).toBe('hashed:secret');
    await new Promise((resolve) => setImmediate(resolve));
    inner.pending.shift()?.();
    expect(await checked).toBe(true);
  });

  it('hands out the inner hasher’s decoy, which no queue holds up', async () => {
    const hasher = new BoundedPasswordHasher(new SlowHasher(), { concurrency: 1, queueLimit: 0 });
    expect(await hasher.decoyHash).toBe('decoy');
  });
});
