export const LEASE_SETTINGS = Symbol('LEASE_SETTINGS');

/**
 * How long a claim holds (on an outbox record, an inbox entry, an asset being uploaded), and how
 * often it is renewed while in use.
 */
export interface LeaseSettings {
  leaseMs: number;
  renewEveryMs: number;
}

/**
 * Runs `work` while renewing a lease every `everyMs`, so that work slower than the lease (a stalled
 * SMTP server) keeps its claim. A renewal that fails is left to the next one; a claim that was lost
 * meanwhile shows when the work's result is written with a stale token. Returns only once no
 * renewal is under way, so none can land after (and undo) the write that ends the claim.
 */
export async function whileRenewing<Result>(renew: () => Promise<unknown>, everyMs: number, work: () => Promise<Result>): Promise<Result> {
  let renewing: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    renewing = renewing.then(renew).catch(() => undefined);
  }, everyMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await renewing;
  }
}
