import { describe, expect, it } from '@jest/globals';
import { BoundedRateLimitStore, DEFAULT_STORE_CAPACITY } from './bounded-rate-limit.store';

const MINUTE = 60_000;
const MAX = 10;

function storeAt(capacity: number) {
  const clock = { now: 1_000_000 };
  const store = new BoundedRateLimitStore({ now: () => clock.now }).child({ cache: capacity });
  const incr = (key: string) => {
    let result: { current: number; ttl: number } | undefined;
    store.incr(key, (error, answer) => (result = error ? undefined : answer), MINUTE, MAX);
    return result as { current: number; ttl: number };
  };
  const read = (key: string) => {
    let result: { current: number; ttl: number } | undefined;
    store.read(key, (_error, answer) => (result = answer));
    return result as { current: number; ttl: number };
  };
  return { store, clock, incr, read };
}

describe('BoundedRateLimitStore', () => {
  it('counts a key within its window and starts again when the window ends', () => {
    const { clock, incr } = storeAt(10);
    expect(incr('a')).toEqual({ current: 1, ttl: MINUTE });
    clock.now += 20_000;
    expect(incr('a')).toEqual({ current: 2, ttl: 40_000 });
    clock.now += 40_000;
    expect(incr('a')).toEqual({ current: 1, ttl: MINUTE });
  });

  it('when full, refuses a new key as over any limit, until the oldest window ends', () => {
    const { clock, incr } = storeAt(3);
    incr('victim');
    clock.now += 10_000;
    incr('b');
    incr('c');

    const refused = incr('d');
    expect(refused.current).toBeGreaterThan(MAX);
    expect(refused.ttl).toBe(50_000);

    clock.now += 50_000;
    expect(incr('d')).toEqual({ current: 1, ttl: MINUTE });
  });

  it('never forgets a key it holds, however many new keys are asked for', () => {
    const { incr } = storeAt(3);
    for (let attempt = 0; attempt < MAX; attempt++) {
      incr('victim');
    }
    for (let key = 0; key < 1_000; key++) {
      incr(`flood-${key}`);
    }
    expect(incr('victim').current).toBe(MAX + 1);
  });

  it('drains: ended windows leave the store as time passes', () => {
    const { store, clock, incr } = storeAt(100);
    for (let key = 0; key < 50; key++) {
      incr(`early-${key}`);
    }
    clock.now += 30_000;
    incr('late');
    clock.now += 30_000;
    incr('later');
    expect(store.size).toBe(2);
    clock.now += MINUTE;
    incr('last');
    expect(store.size).toBe(1);
  });

  it('reads a count without counting', () => {
    const { clock, incr, read } = storeAt(10);
    expect(read('a')).toEqual({ current: 0, ttl: 0 });
    incr('a');
    incr('a');
    expect(read('a')).toEqual({ current: 2, ttl: MINUTE });
    expect(read('a')).toEqual({ current: 2, ttl: MINUTE });
    clock.now += MINUTE;
    expect(read('a')).toEqual({ current: 0, ttl: 0 });
  });

  it('gives each limiter a store of its own, with the capacity it asks for or the default', () => {
    const root = new BoundedRateLimitStore();
    const first = root.child({ cache: 1 });
    const second = root.child({});
    const noop = () => undefined;
    first.incr('a', noop, MINUTE, MAX);
    second.incr('a', noop, MINUTE, MAX);
    expect([first.size, second.size, root.size]).toEqual([1, 1, 0]);

    let refused = 0;
    first.incr('b', (_error, answer) => (refused = answer?.current ?? 0), MINUTE, MAX);
    expect(refused).toBeGreaterThan(MAX);
    for (let key = 0; key < 1_000; key++) {
      second.incr(`k${key}`, noop, MINUTE, MAX);
    }
    expect(second.size).toBe(1_001);
    expect(DEFAULT_STORE_CAPACITY).toBeGreaterThan(1_001);
  });
});
