import { afterEach, describe, expect, it } from '@jest/globals';
import { closedLocalAddress } from '../support/kafka-addresses';
import { printSkipLine } from '../support/skip-line';
import { startTestApp, type TestApp } from '../support/test-app';

// Kafka needs MongoDB (the worker shares the outbox with the API): the wire lane's server.
const onMongo = process.env.MONGODB_URL ? describe : describe.skip;
if (!process.env.MONGODB_URL) {
  printSkipLine(
    'skipped: readiness with Kafka down needs MongoDB (KAFKA_BROKERS requires MONGODB_URL); it runs in `npm run test:e2e:wire`',
  );
}

/** No broker runs on these machines: the API is pointed at a port where nothing listens. */
onMongo('Readiness with Kafka down', () => {
  let app: TestApp | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('starts anyway, answers 503 naming the broker within the health timeout, and serves requests meanwhile', async () => {
    app = await startTestApp({ KAFKA_BROKERS: await closedLocalAddress(), KAFKA_HEALTH_TIMEOUT_MS: '300' });

    const started = Date.now();
    const ready = await app.http().get('/health/ready');

    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 503, title: 'Service Unavailable', detail: 'Not ready: broker is down' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((await app.http().get('/health')).body).toEqual({ status: 'ok' });
    expect((await app.http().get('/health/ready')).body.detail).toBe('Not ready: broker is down');
  });
});
