/** The process the code runs in: the HTTP API, the worker (apps/worker, no HTTP) or an operator's CLI command. */
export type ProcessName = 'api' | 'worker' | 'cli';

/**
 * Which process relays the outbox and runs the consumers (docs/messaging-processes.md). On the
 * embedded default the data lives in the API's memory, so the API does everything. With MongoDB the
 * outbox is shared and the worker alone relays and consumes, so the API's requests never wait behind
 * deliveries and each message has one process that takes it. A CLI command does neither: it runs
 * beside the service and leaves what it commits to the process that relays.
 */
export class ProcessRole {
  constructor(
    readonly name: ProcessName,
    private readonly persistence: 'memory' | 'mongo',
  ) {}

  get relaysOutbox(): boolean {
    switch (this.name) {
      case 'worker':
        return true;
      case 'api':
        return this.persistence === 'memory';
      case 'cli':
        return false;
    }
  }

  /** Consumers run where the relay runs: the in-process broker hands them what the relay publishes. */
  get consumes(): boolean {
    return this.relaysOutbox;
  }
}
