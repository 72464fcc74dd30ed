import { Injectable } from '@nestjs/common';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { OutboxWatcher } from '../../service_layer/outbox-watcher.port';

/**
 * On the embedded store every record is committed in this process, so the unit of work's signal
 * sees each one: the relay wakes at every commit and polls only for what comes due with time.
 */
@Injectable()
export class MemoryOutboxWatcher implements OutboxWatcher {
  constructor(private readonly signal: OutboxSignal) {}

  watch(wake: () => void): void {
    this.signal.onCommit(wake);
  }

  async close(): Promise<void> {
    this.signal.onCommit(() => undefined);
  }
}
