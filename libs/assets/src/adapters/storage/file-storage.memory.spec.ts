import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { generatedContent, sha256Of } from '../../../../../test/support/byte-streams';
import { storageDrivers, type StorageUnderTest } from '../../../../../test/support/storage-drivers';

/**
 * Memory stays flat: a file streams through either driver, it is never held whole. What is measured
 * is the resident set, not the heap: a Buffer's bytes live outside the V8 heap, so a driver that kept
 * every chunk would outgrow this bound long before it hit a heap limit. The issue's own criterion, a
 * file ten times larger than the heap limit, runs in one process with:
 *
 *   STORAGE_MEMORY_TEST_MB=1280 node --max-old-space-size=128 --experimental-vm-modules \
 *     node_modules/jest/bin/jest.js --selectProjects unit --runInBand --testPathPatterns file-storage.memory
 *
 * (its figures are in docs/benchmarks.md).
 */
const MB = 1024 * 1024;
/** Far more than either driver may hold at once; STORAGE_MEMORY_TEST_MB makes it larger still. */
const SIZE_BYTES = Number(process.env.STORAGE_MEMORY_TEST_MB ?? 256) * MB;
/** What a write or read may add to the process's resident memory, s3rver's in the S3 case included. */
const MAX_GROWTH_BYTES = 96 * MB;

/** The highest resident set size seen while `work` runs, sampled as often as the event loop allows. */
async function peakRssDuring(work: () => Promise<void>): Promise<number> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage.rss());
}

describe.each(storageDrivers('FileStorage memory'))('FileStorage memory: $name', (driver) => {
  const test = driver.skipped ? it.skip : it;
  let under: StorageUnderTest;

  beforeEach(async () => {
    if (!driver.skipped) {
      under = await driver.start();
    }
  }, 30_000);
  afterEach(() => under?.close());

  test(`writes and reads ${SIZE_BYTES / MB} MB without holding it: memory grows by less than ${MAX_GROWTH_BYTES / MB} MB`, async () => {
    const key = 'abcd/abcd-large.enc';
    const expected = await sha256Of(generatedContent(SIZE_BYTES));
    const before = process.memoryUsage.rss();

    const peak = await peakRssDuring(async () => {
      expect(await under.storage.write(key, generatedContent(SIZE_BYTES))).toEqual({ sizeBytes: SIZE_BYTES });
      expect(await sha256Of(await under.storage.read(key))).toBe(expected);
    });

    console.log(`${driver.name}: ${SIZE_BYTES / MB} MB written and read, resident memory +${Math.round((peak - before) / MB)} MB at most`);
    expect(peak - before).toBeLessThan(MAX_GROWTH_BYTES);
  }, 300_000);
});
