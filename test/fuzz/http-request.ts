import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent as it is: already percent-encoded, or deliberately badly encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Sends a request with Node's own client, which leaves the path and body as they are (supertest
 * and fetch would encode or refuse some of what a hostile client can send).
 */
export function send(baseUrl: string, agent: Agent, sent: RawRequest): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ hostname, port, agent, method: sent.method, path: sent.path, headers: sent.headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(sent.body);
  });
}
