import type { PasswordHasher } from '../service_layer/ports/password-hasher.port';
import { WorkQueue } from './work-queue';

export interface PasswordHashingLimits {
  concurrency: number;
  queueLimit: number;
}

/**
 * A PasswordHasher around another that lets at most `concurrency` hashes or checks run at once
 * and `queueLimit` more wait. argon2id takes a core and much memory per hash by design; unbounded,
 * a burst of sign-ups or logins would start them all, holding memory and making every caller wait
 * longer. Past the queue it refuses at once (UnavailableError: 503 with Retry-After).
 */
export class BoundedPasswordHasher implements PasswordHasher {
  private readonly queue: WorkQueue;

  constructor(
    private readonly inner: PasswordHasher,
    limits: PasswordHashingLimits,
  ) {
    this.queue = new WorkQueue({ ...limits, busy: (seconds) => `Too many passwords are being checked; try again in ${seconds} s` });
  }

  get decoyHash(): Promise<string> {
    return this.inner.decoyHash;
  }

  hash(password: string): Promise<string> {
    return this.queue.run(() => this.inner.hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.queue.run(() => this.inner.verify(hash, password));
  }
}
