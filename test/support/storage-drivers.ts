import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileStorage } from '../../libs/assets/src/adapters/storage/file-storage.factory';
import type { FileStorage } from '../../libs/assets/src/service_layer/ports/file-storage.port';
import { s3TestServerSkipReason, startS3TestServer } from './s3-test-server';

/** A storage driver on storage of its own, and a way to see what it really keeps. */
export interface StorageUnderTest {
  storage: FileStorage;
  /** Every file or object at rest, temporary files and incomplete objects included, sorted. */
  storedFiles(): Promise<string[]>;
  close(): Promise<void>;
}

/** One driver a storage suite runs on. */
export interface StorageDriver {
  name: string;
  /** Why it cannot run here (printed once, visibly), or null. */
  skipped: string | null;
  start(): Promise<StorageUnderTest>;
}

/** The local driver in a fresh temporary directory, made through the factory as the app makes it. */
export const localDriver: StorageDriver = {
  name: 'local',
  skipped: null,
  start: async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keepem-storage-'));
    return {
      storage: createFileStorage({ driver: 'local', directory }),
      storedFiles: async () => {
        const entries = await readdir(directory, { recursive: true, withFileTypes: true });
        return entries
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath ?? entry.path, entry.name).slice(directory.length + 1))
          .sort();
      },
      close: () => rm(directory, { recursive: true, force: true }),
    };
  },
};

/** The S3 driver against s3rver in process, on a fresh bucket and directory. */
export function s3Driver(suite: string): StorageDriver {
  const reason = s3TestServerSkipReason();
  const skipped = reason ? `skipped: ${suite}, S3 (${reason})` : null;
  if (skipped) {
    console.warn(skipped);
  }
  return {
    name: 's3 (s3rver)',
    skipped,
    start: async () => {
      const server = await startS3TestServer();
      const storage = createFileStorage({ driver: 's3', s3: server.settings });
      return {
        storage,
        storedFiles: () => server.objectKeys(),
        close: async () => {
          (storage as { onApplicationShutdown?: () => void }).onApplicationShutdown?.();
          await server.close();
        },
      };
    },
  };
}

/** Every driver a storage suite runs on: local, and S3 on s3rver (skipped visibly where it cannot run). */
export function storageDrivers(suite: string): StorageDriver[] {
  return [localDriver, s3Driver(suite)];
}
