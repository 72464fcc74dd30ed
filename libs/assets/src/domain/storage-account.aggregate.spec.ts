import { describe, expect, it } from '@jest/globals';
import type { OwnerId } from './asset.aggregate';
import { StorageQuotaExceededError } from './asset.errors';
import { StorageAccount } from './storage-account.aggregate';
import { StorageQuota } from './storage-quota';

const at = new Date('2026-01-01T00:00:00Z');
const MB = 1024 * 1024;

describe('StorageAccount', () => {
  it('admits a file that fits beside what the owner uses, up to the quota exactly', () => {
    const account = StorageAccount.open(crypto.randomUUID() as OwnerId, at);
    account.admit(100 * MB, 400 * MB, new StorageQuota(500 * MB), at);
    expect(account.admittedAssets).toBe(1);
  });

  it('refuses a file that would take the owner over the quota, saying by how much', () => {
    const account = StorageAccount.open(crypto.randomUUID() as OwnerId, at);
    expect(() => account.admit(100 * MB + 1, 400 * MB, new StorageQuota(500 * MB), at)).toThrow(StorageQuotaExceededError);
    expect(() => account.admit(200 * MB, 400 * MB, new StorageQuota(500 * MB), at)).toThrow(
      /400\.0 MB used, 200\.0 MB more asked, 500\.0 MB allowed/,
    );
    expect(account.admittedAssets).toBe(0);
  });
});
