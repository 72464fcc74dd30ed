import { describe, expect, it } from '@jest/globals';
import { OutboxSignal } from '../../service_layer/outbox-signal';
import { MemoryOutboxWatcher } from './memory-outbox.watcher';

describe('MemoryOutboxWatcher: what wakes the relay on the embedded store', () => {
  it('wakes the relay at each commit in this process, and no more once closed', async () => {
    const signal = new OutboxSignal();
    const watcher = new MemoryOutboxWatcher(signal);
    let wakes = 0;

    watcher.watch(() => (wakes += 1));
    signal.committed();
    signal.committed();
    await watcher.close();
    signal.committed();

    expect(wakes).toBe(2);
  });
});
