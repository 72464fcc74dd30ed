import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { collectingLogDestination } from '../support/log-lines';
import { startTestApp, TestApp } from '../support/test-app';

// A file of its own: nestjs-pino keeps its root logger for the life of the module registry, so the
// first app started in a file decides where every later one logs.
describe('Request logs', () => {
  const { lines, destination } = collectingLogDestination<{ msg?: string; reqId?: string; req?: { url: string } }>();
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'info' }, destination);
  });
  afterAll(() => app.close());

  it('logs each request once, inside and outside the API prefix, with its id and without credentials', async () => {
    for (const path of ['/health', '/version', '/health/ready', '/api/v1/me']) {
      await app
        .http()
        .get(path)
        .set('X-Request-Id', `log-${path.replaceAll('/', '-')}`)
        .set('Authorization', 'Bearer secret-token');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));

    const incoming = lines.filter((line) => line.msg === 'incoming request');
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(incoming.map((line) => line.req?.url).sort()).toEqual(['/api/v1/me', '/health', '/health/ready', '/version']);
    expect(completed.map((line) => line.reqId).sort()).toEqual(['log--api-v1-me', 'log--health', 'log--health-ready', 'log--version']);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('logs the path of a request, never its query, where an activation token travels', async () => {
    await app.http().get('/api/v1/users/activate?token=secret-activation-token').set('X-Request-Id', 'log-activation');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const incoming = lines.find((line) => line.msg === 'incoming request' && line.reqId === 'log-activation');
    expect(incoming?.req?.url).toBe('/api/v1/users/activate');
    expect(JSON.stringify(lines)).not.toContain('secret-activation-token');
  });
});
