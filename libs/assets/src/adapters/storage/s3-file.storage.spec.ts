import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { randomContent, streamOf } from '../../../../../test/support/byte-streams';
import { type S3TestServer, s3TestServerSkipReason, startS3TestServer } from '../../../../../test/support/s3-test-server';
import { loggedWarnings } from '@keepem/shared/testing';
import { PART_SIZE_BYTES, S3FileStorage, s3ClientFor } from './s3-file.storage';

const skipped = s3TestServerSkipReason();
if (skipped) {
  console.warn(`skipped: S3FileStorage against s3rver (${skipped})`);
}
const test = skipped ? it.skip : it;

/** What only the S3 driver can be asked: its client, its aborts and its readiness. */
describe('S3FileStorage', () => {
  const warnings = loggedWarnings();
  let server: S3TestServer;
  let storage: S3FileStorage;

  beforeAll(async () => {
    if (!skipped) {
      server = await startS3TestServer();
      storage = new S3FileStorage(server.settings);
    }
  }, 30_000);
  afterAll(async () => {
    storage?.onApplicationShutdown();
    await server?.close();
  });

  it('addresses an S3-compatible server path-style, and AWS itself by host name', async () => {
    const compatible = s3ClientFor({ bucket: 'keepem-dev', endpoint: 'http://minio:9000', region: 'us-east-1' });
    const aws = s3ClientFor({ bucket: 'keepem-dev', region: 'eu-west-3' });

    expect(compatible.config.forcePathStyle).toBe(true);
    expect(aws.config.forcePathStyle).toBe(false);
    expect(await aws.config.region()).toBe('eu-west-3');
    compatible.destroy();
    aws.destroy();
  });

  test('rejects a failed multipart write with the source’s error, though the server could not abort the upload', async () => {
    const failure = new Error('the client went away');
    const source = streamOf(randomContent(2 * PART_SIZE_BYTES), {
      chunkSize: 1024 * 1024,
      failAfter: PART_SIZE_BYTES + 1024 * 1024,
      error: failure,
    });

    await expect(storage.write('abcd/abcd-aborted.enc', source)).rejects.toBe(failure);

    // s3rver has no AbortMultipartUpload: what a bucket's lifecycle rule must then clean up is logged.
    expect(warnings).toEqual([expect.stringMatching(/^Could not abort the multipart upload \S+ of abcd\/abcd-aborted\.enc: /)]);
    expect(await storage.sizeOf('abcd/abcd-aborted.enc')).toBeNull();
  });

  test('is not ready when its bucket does not exist', async () => {
    const missing = new S3FileStorage({ ...server.settings, bucket: 'keepem-dev-missing' });

    await expect(missing.check()).rejects.toThrow();
    missing.onApplicationShutdown();
  });

  it('is not ready when nothing answers at its endpoint, or without credentials', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = new S3FileStorage({
      bucket: 'keepem-dev',
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 's' },
    });
    // No credentials given: the default chain finds none here (or, given some, nothing answers).
    const anonymous = new S3FileStorage({ bucket: 'keepem-dev', endpoint, region: 'us-east-1' });

    await expect(unreachable.check()).rejects.toThrow(/ECONNREFUSED/);
    await expect(anonymous.check()).rejects.toThrow(/credentials|ECONNREFUSED/);
    anonymous.onApplicationShutdown();
    unreachable.onApplicationShutdown();
  });
});

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, '127.0.0.1', listening));
  const { port } = probe.address() as { port: number };
  await new Promise((closed) => probe.close(closed));
  return port;
}
