import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { S3StorageSettings } from '../../libs/assets/src/assets.config';

/** s3rver's one account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * An S3 API in process: s3rver (a dev dependency) on 127.0.0.1 and a free port, keeping its buckets
 * as files in a fresh temporary directory, with one empty bucket named for the dev environment.
 * It is a fake: it does not abort multipart uploads (their parts stay on its disk, never as an
 * object) and two writes racing for one key can interleave in its file, which S3 never does.
 */
export interface S3TestServer {
  /** What the S3 driver needs to use the bucket, path-style at `http://127.0.0.1:<port>`. */
  settings: S3StorageSettings;
  /** The keys of the objects in the bucket, read from s3rver's files. */
  objectKeys(): Promise<string[]>;
  close(): Promise<void>;
}

/** Why the S3 leg cannot run here, or null: printed once as a `skipped: …` line by the suite. */
export function s3TestServerSkipReason(): string | null {
  return existsSync(join(process.cwd(), 'node_modules', 's3rver', 'package.json')) ? null : 's3rver is not installed (dev dependency)';
}

export async function startS3TestServer(): Promise<S3TestServer> {
  const { default: S3rver } = await import('s3rver');
  const directory = await mkdtemp(join(tmpdir(), 'keepem-s3rver-'));
  const bucket = `keepem-dev-${randomUUID().slice(0, 8)}`;
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  try {
    const { port } = await server.run();
    return {
      settings: { bucket, endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: CREDENTIALS },
      objectKeys: async () => {
        const files = await readdir(join(directory, bucket), { recursive: true });
        return files
          .filter((file) => file.endsWith('._S3rver_object'))
          .map((file) => file.slice(0, -'._S3rver_object'.length))
          .sort();
      },
      close: async () => {
        await server.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}
