import type { Response } from 'supertest';
import { TestApp } from './test-app';
import { bearer } from './keeps-client';
import { logIn } from './users-client';

/** The administrator an app seeds when started with ADMIN_SETTINGS. */
export const ADMIN = { email: 'root@keepem.test', password: 'admin password 1', username: 'admin' };
export const ADMIN_SETTINGS = { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password };

/** Login limits a suite that logs many people in from this one address never reaches. */
export const UNLIMITED_LOGINS = {
  LOGIN_LIMIT_PER_IP_PER_MINUTE: '100000',
  LOGIN_LIMIT_PER_ACCOUNT_PER_IP_PER_MINUTE: '100000',
  LOGIN_LIMIT_PER_ACCOUNT_PER_MINUTE: '100000',
};

export interface OutboxRecord {
  id: string;
  type: string;
  aggregate_id: string;
  sequence: number;
  payload: Record<string, unknown>;
  attempts: number;
}

/** An administrator as a client: an admin-scoped access token, logged in again once the test's clock has passed it. */
export class AdminClient {
  private session: { token: string; until: number } | undefined;

  constructor(private readonly app: TestApp) {}

  async token(): Promise<string> {
    if (!this.session || this.app.clock.now().getTime() >= this.session.until) {
      const tokens = await logIn(this.app, ADMIN, { scope: 'user admin' });
      this.session = { token: tokens.access_token, until: new Date(tokens.access_token_expires_at).getTime() };
    }
    return this.session.token;
  }

  async get(path: string): Promise<Response> {
    return this.app
      .http()
      .get(path)
      .set('Authorization', bearer(await this.token()));
  }

  async remove(userId: string, body: object = { reason: 'spam account' }): Promise<Response> {
    return this.app
      .http()
      .delete(`/api/v1/users/${userId}`)
      .set('Authorization', bearer(await this.token()))
      .send(body);
  }

  async activate(userId: string): Promise<Response> {
    return this.app
      .http()
      .put(`/api/v1/users/${userId}/activate`)
      .set('Authorization', bearer(await this.token()));
  }

  /** Every outbox record of one aggregate, in the order its events happened, read through the admin outbox API. */
  async outboxOf(aggregateId: string): Promise<OutboxRecord[]> {
    const found: OutboxRecord[] = [];
    for (let page = 0; ; page += 1) {
      const answer = await this.get(`/api/v1/admin/outbox?sort=occurred_at,asc&size=100&page=${page}`);
      const records = answer.body._embedded.outbox_records as OutboxRecord[];
      found.push(...records.filter((record) => record.aggregate_id === aggregateId));
      if (page + 1 >= answer.body.page.total_pages) {
        return found.sort((a, b) => a.sequence - b.sequence);
      }
    }
  }
}
