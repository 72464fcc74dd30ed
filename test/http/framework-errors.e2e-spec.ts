import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { listenOnFreePort } from '../support/listening';
import { RawConnection, type RawAnswer, sendRaw } from '../support/raw-http';
import { EXPECTED_API_HEADERS } from '../support/api-headers';
import { startTestApp, TestApp } from '../support/test-app';

/** An answer in the API's one error shape, which repeats none of what was sent. */
function expectProblem(answer: RawAnswer, status: number, sent: string[]): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json(;|$)/);
  const body = JSON.parse(answer.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), request_id: expect.any(String) });
  expect(body.request_id).not.toBe('');
  expect(answer.headers['x-request-id']).toBe(body.request_id);
  expect(answer.headers).toMatchObject(EXPECTED_API_HEADERS);
  for (const input of sent) {
    expect(answer.text).not.toContain(input);
  }
}

async function startListening(): Promise<{ app: TestApp; port: number }> {
  const app = await startTestApp();
  await listenOnFreePort(app);
  return { app, port: (app.app.getHttpServer().address() as AddressInfo).port };
}

describe('Answers written before a request reaches the API', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ app, port } = await startListening());
  });
  afterAll(() => app.close());

  it('answers a bad percent-encoding in the path with 400', async () => {
    const answer = await sendRaw(port, 'GET /api/v1/users/%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expectProblem(answer, 400, ['%E0%A4%A', '/api/v1/users']);
  });

  it('answers a path parameter longer than the router keeps with 414', async () => {
    const parameter = 'p'.repeat(101);
    const answer = await sendRaw(port, `GET /api/v1/users/${parameter} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    expectProblem(answer, 414, [parameter, '/api/v1/users']);
  });

  it('answers headers over 16 KiB with 431', async () => {
    const filler = 'h'.repeat(17 * 1024);
    const answer = await sendRaw(port, `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Filler: ${filler}\r\n\r\n`);
    expectProblem(answer, 431, ['hhhhhhhh', 'X-Filler', '/health']);
  });

  it('answers a malformed request line with 400', async () => {
    const answer = await sendRaw(port, 'NOT A REQUEST LINE\r\nHost: localhost\r\n\r\n');
    expectProblem(answer, 400, ['NOT A REQUEST', 'REQUEST LINE']);
  });

  it('answers broken chunked framing with 400', async () => {
    const answer = await sendRaw(
      port,
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n' +
        'zz-not-a-size\r\n{}\r\n0\r\n\r\n',
    );
    expectProblem(answer, 400, ['zz-not-a-size', '/api/v1/users']);
  });

  it('answers an HTTP/1.1 request without Host with 400', async () => {
    const answer = await sendRaw(port, 'GET /health?probe=no-host HTTP/1.1\r\nConnection: close\r\n\r\n');
    expectProblem(answer, 400, ['/health', 'no-host']);
  });

  it('answers an expectation it cannot meet with 417', async () => {
    const answer = await sendRaw(port, 'GET /health HTTP/1.1\r\nHost: localhost\r\nExpect: 417-nope\r\nConnection: close\r\n\r\n');
    expectProblem(answer, 417, ['417-nope', '/health']);
  });

  // These reach Nest's ProblemDetailsFilter. A route's path is named in `instance`; a path no route matches is not.
  it('still answers an unknown route, an unknown method, a body too large and an unknown media type as problems', async () => {
    const unknownRoute = await sendRaw(port, 'GET /api/v1/nothing-here-at-all HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expectProblem(unknownRoute, 404, ['nothing-here-at-all']);
    const unknownMethod = await sendRaw(port, 'PATCH /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expectProblem(unknownMethod, unknownMethod.status === 405 ? 405 : 404, []);
    const tooLarge = await sendRaw(
      port,
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n{}',
    );
    expectProblem(tooLarge, 413, ['1000000']);
    const unknownType = await sendRaw(
      port,
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-unheard-of\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expectProblem(unknownType, 415, ['x-unheard-of']);
  });

  it('answers a body in an unknown encoding with 415, without naming the encoding', async () => {
    const answer = await sendRaw(
      port,
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Encoding: x-secret-coding\r\n' +
        'Content-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expectProblem(answer, 415, ['x-secret-coding']);
  });

  it('answers a gzip body that does not inflate with 400', async () => {
    const answer = await sendRaw(
      port,
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n' +
        'Content-Length: 12\r\nConnection: close\r\n\r\nnot-gzipped!',
    );
    expectProblem(answer, 400, ['not-gzipped!']);
  });

  it('keeps serving on other connections after each of these', async () => {
    const answer = await sendRaw(port, 'GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });
});

describe('A request that takes too long to arrive', () => {
  let app: TestApp;
  let port: number;

  beforeAll(async () => {
    app = await startTestApp();
    // Node checks its timeouts on an interval fixed when the server starts listening.
    const server = app.app.getHttpServer();
    Object.assign(server, { connectionsCheckingInterval: 50, headersTimeout: 200, requestTimeout: 300 });
    await listenOnFreePort(app);
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('answers with 408 when its headers do not arrive in time', async () => {
    const answer = await sendRaw(port, 'GET /health?probe=slow HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n', 2000);
    expectProblem(answer, 408, ['/health', 'slow', 'X-Slow']);
  });
});

describe('A request that arrives while the server shuts down', () => {
  it('answers with 503 and closes the connection', async () => {
    const { app, port } = await startListening();
    const connection = await RawConnection.open(port);
    // A request whose body is still arriving keeps its connection open through the shutdown; once
    // whole, it is refused by validation, which leaves the connection open for the next one.
    connection.write('POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = app.close();
    const server = app.app.getHttpServer();
    while (server.listening) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    connection.write('}GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const [first, second] = await connection.answers(2);
    connection.close();
    await closed;

    expect(first.status).toBe(400);
    expectProblem(second, 503, []);
    expect(second.headers.connection).toBe('close');
  });
});
