import { Agent } from 'node:http';
import request from 'supertest';
import { listenOnFreePort } from './listening';
import type { TestApp } from './test-app';

/**
 * Requests from client addresses of the test's choosing, for limits kept per address.
 *
 * The app trusts no proxy, so `X-Forwarded-For` means nothing to it: the only address it sees is
 * the socket's, as in production. Linux routes the whole of 127.0.0.0/8 to the loopback interface,
 * so a client socket bound to 127.0.0.2 reaches a server listening on 127.0.0.1 from an address of
 * its own, exactly as a second machine would; nothing in the app is told which address to see.
 */
export class ClientAddresses {
  private readonly agents = new Map<string, Agent>();

  private constructor(private readonly baseUrl: string) {}

  static async listen(app: TestApp): Promise<ClientAddresses> {
    return new ClientAddresses(await listenOnFreePort(app));
  }

  /** A POST from `address` (one of 127.0.0.0/8), over a kept-alive connection of that address. */
  post(address: string, path: string) {
    return request(this.baseUrl).post(path).agent(this.agent(address));
  }

  close(): void {
    this.agents.forEach((agent) => agent.destroy());
  }

  private agent(address: string): Agent {
    let agent = this.agents.get(address);
    if (!agent) {
      agent = new Agent({ localAddress: address, keepAlive: true });
      this.agents.set(address, agent);
    }
    return agent;
  }
}
