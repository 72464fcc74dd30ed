import type { FastifyRateLimitStore } from '@fastify/rate-limit';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface CountWindow {
  count: number;
  endsAt: number;
}

export interface BoundedRateLimitStoreOptions {
  /** The most keys held at once (@fastify/rate-limit's `cache` option, as its own store reads it). */
  cache?: number;
  now?: () => number;
}

/** Keys a store holds when no limit says otherwise: enough for a busy minute, small enough to keep. */
export const DEFAULT_STORE_CAPACITY = 50_000;

/**
 * A @fastify/rate-limit store (fixed windows, in this process's memory) whose counts no one can
 * push out. The plugin's own store is an LRU cache: requests naming enough new keys evict the
 * oldest, and a key evicted is a count forgotten, so an attacker could flush an account's failed
 * logins by making cheap requests for other accounts. This one never forgets a key before its
 * window ends; when it is full, it refuses new keys instead (it answers "over the limit", so the
 * limiter answers 429), until the oldest window ends and makes room. Memory stays bounded either way.
 *
 * Entries are kept in the order their windows started, and a store serves one limit with one
 * window length (`child` makes one per limiter), so the oldest entry is always the first to end:
 * ended windows are dropped from the front on every call, and the store drains as time passes.
 */
export class BoundedRateLimitStore implements FastifyRateLimitStore {
  private readonly windows = new Map<string, CountWindow>();
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: BoundedRateLimitStoreOptions = {}) {
    this.capacity = options.cache ?? DEFAULT_STORE_CAPACITY;
    this.now = options.now ?? Date.now;
  }

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    const now = this.now();
    this.dropEnded(now);
    let window = this.windows.get(key);
    if (window && window.endsAt <= now) {
      // Ended but not yet at the front: it starts again, at the back, in its new order.
      this.windows.delete(key);
      window = undefined;
    }
    if (!window) {
      if (this.windows.size >= this.capacity) {
        callback(null, { current: max + 1, ttl: this.untilRoom(now) });
        return;
      }
      window = { count: 0, endsAt: now + timeWindow };
      this.windows.set(key, window);
    }
    window.count += 1;
    callback(null, { current: window.count, ttl: window.endsAt - now });
  }

  /** The count without counting (the plugin's `increment: false`). */
  read(key: string, callback: Callback): void {
    const now = this.now();
    const window = this.windows.get(key);
    callback(null, window && window.endsAt > now ? { current: window.count, ttl: window.endsAt - now } : { current: 0, ttl: 0 });
  }

  /**
   * A store of its own for each limiter, holding as many keys as the limiter's `cache` option says.
   * The plugin passes the limiter's options merged over its own, whatever its types call them.
   */
  child(options: object): BoundedRateLimitStore {
    const { cache } = options as { cache?: number };
    return new BoundedRateLimitStore({ cache: cache ?? this.capacity, now: this.now });
  }

  get size(): number {
    return this.windows.size;
  }

  private dropEnded(now: number): void {
    for (const [key, window] of this.windows) {
      if (window.endsAt > now) {
        return;
      }
      this.windows.delete(key);
    }
  }

  private untilRoom(now: number): number {
    const oldest = this.windows.values().next().value as CountWindow;
    return Math.max(1, oldest.endsAt - now);
  }
}
