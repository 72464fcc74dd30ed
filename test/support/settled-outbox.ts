import { expect } from '@jest/globals';
import type { TestApp } from './test-app';
import { logIn, type Registration } from './users-client';

/** The administrator a suite seeds (ADMIN_EMAIL / ADMIN_PASSWORD) to watch the outbox. */
export const OUTBOX_WATCHER: Pick<Registration, 'email' | 'password'> = { email: 'root@keepem.test', password: 'admin password 1' };

export const OUTBOX_WATCHER_ENVIRONMENT = { ADMIN_EMAIL: OUTBOX_WATCHER.email, ADMIN_PASSWORD: OUTBOX_WATCHER.password };

/**
 * Waits, through the admin outbox API, until no outbox record is pending: every event committed so
 * far has reached its consumers. A suite calls it before a request that commits an event for a user
 * whose earlier events may still be on their way. On the wire lane (jongodb) a transaction that
 * writes an aggregate's outbox record can undo the relay's concurrent marking of an earlier record
 * of that aggregate as sent (a lost update no MongoDB replica set makes); the record is then claimed
 * again only once its lease ends, which the test's frozen clock never reaches, and the aggregate's
 * later events wait behind it. The admin token is renewed when the clock has been moved past it.
 */
export class SettledOutbox {
  private bearer: string | null = null;

  constructor(private readonly app: TestApp) {}

  async wait(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await this.pending();
      expect(response.status).toBe(200);
      if (response.body.page.total_elements === 0) {
        return;
      }
      if (Date.now() >= deadline) {
        throw new Error(`${response.body.page.total_elements} outbox records still pending after ${timeoutMs} ms`);
      }
      await new Promise((wake) => setTimeout(wake, 20));
    }
  }

  private async pending() {
    const ask = async () =>
      this.app
        .http()
        .get('/api/v1/admin/outbox?state=pending&size=1')
        .set('Authorization', `Bearer ${this.bearer ?? (await this.logIn())}`);
    const response = await ask();
    if (response.status !== 401) {
      return response;
    }
    this.bearer = null;
    return ask();
  }

  private async logIn(): Promise<string> {
    this.bearer = (await logIn(this.app, { ...OUTBOX_WATCHER, username: 'admin' }, { scope: 'user admin' })).access_token;
    return this.bearer;
  }
}
