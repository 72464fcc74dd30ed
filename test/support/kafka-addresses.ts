import { createServer } from 'node:net';

/**
 * A local address where nothing listens, for a Kafka that is down: a port the system just handed
 * out and took back, so connecting is refused at once instead of timing out.
 */
export async function closedLocalAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') {
    throw new Error('The probe server had no TCP address');
  }
  return `127.0.0.1:${address.port}`;
}
