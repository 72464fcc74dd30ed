import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app';

/**
 * Puts a test app on a real port, for clients that speak HTTP themselves (an OAuth2 library, a
 * browser) rather than through supertest. Answers the base URL, e.g. `http://127.0.0.1:41234`.
 */
export async function listenOnFreePort(app: TestApp): Promise<string> {
  await app.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}
