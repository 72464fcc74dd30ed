import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, TestApp } from '../support/test-app';
import { newRegistration, registerAndActivate } from '../support/users-client';

describe('Password hashing under overload', () => {
  let app: TestApp;

  beforeAll(async () => {
    // One hash at a time and one waiting: a burst of six is more than that, whatever the machine.
    app = await startTestApp({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE_LIMIT: '1' });
  });
  afterAll(() => app.close());

  it('answers a burst of sign-ups beyond the queue with 503 and Retry-After, and creates none of those', async () => {
    const registrations = Array.from({ length: 6 }, () => newRegistration());
    const answers = await Promise.all(registrations.map((registration) => app.http().post('/api/v1/users').send(registration)));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(201);
    expect(statuses).toContain(503);
    expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
    const refused = answers.filter((answer) => answer.status === 503);
    for (const answer of refused) {
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 503, title: 'Service Unavailable' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    // The refused sign-ups left nothing behind: once the burst is over, their e-mail addresses are free.
    const refusedRegistration = registrations[answers.indexOf(refused[0])];
    expect((await app.http().post('/api/v1/users').send(refusedRegistration)).status).toBe(201);
  });

  it('answers a burst of logins beyond the queue with 503 and the OAuth2 error temporarily_unavailable', async () => {
    const { registration } = await registerAndActivate(app);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        app.http().post('/api/v1/auth/login').send({ email: registration.email, password: registration.password }),
      ),
    );

    const statuses = answers.map((answer) => answer.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    const refused = answers.find((answer) => answer.status === 503);
    expect(refused?.body).toMatchObject({ status: 503, error: 'temporarily_unavailable' });
    expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
  });
});
