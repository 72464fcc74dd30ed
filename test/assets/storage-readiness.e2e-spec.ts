import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3TestServer, type S3TestServer } from '../support/s3-test-server';
import { startTestApp, type TestApp } from '../support/test-app';

/** The file storage is part of readiness: a load balancer must not send uploads to a process that cannot keep them. */
describe('Readiness and the file storage', () => {
  let app: TestApp | undefined;
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'keepem-readiness-'));
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('is ready when the storage directory can be written, and leaves nothing in it', async () => {
    app = await startTestApp();

    const ready = await app.http().get('/health/ready');

    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ persistence: { status: 'up' }, broker: { status: 'up' }, storage: { status: 'up' } });
    expect(await readdir(app.storageDirectory)).toEqual([]);
  });

  it('answers 503 naming the storage, and only it, when its directory cannot be made', async () => {
    const file = join(scratch, 'a-file');
    await writeFile(file, 'not a directory');
    app = await startTestApp({ STORAGE_DIR: join(file, 'storage') });

    const ready = await app.http().get('/health/ready');

    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 503, title: 'Service Unavailable', detail: 'Not ready: storage is down' });
    // Why goes to the log, not to whoever asks: no path in the answer.
    expect(JSON.stringify(ready.body)).not.toContain(scratch);
  });

  describe('on S3', () => {
    let s3: S3TestServer;

    beforeAll(async () => {
      s3 = await startS3TestServer();
    }, 30_000);
    afterAll(() => s3?.close());

    const s3Environment = (bucket: string) => ({
      ASSET_S3_BUCKET: bucket,
      ASSET_S3_URL: s3.settings.endpoint ?? '',
      ASSET_S3_ACCESS: s3.settings.credentials?.accessKeyId ?? '',
      ASSET_S3_SECRET: s3.settings.credentials?.secretAccessKey ?? '',
    });

    it('is ready when the bucket answers', async () => {
      app = await startTestApp(s3Environment(s3.settings.bucket));

      const ready = await app.http().get('/health/ready');

      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject({ storage: { status: 'up' } });
    });

    it('answers 503 naming the storage when the bucket does not exist', async () => {
      app = await startTestApp(s3Environment('keepem-dev-missing'));

      const ready = await app.http().get('/health/ready');

      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ status: 503, detail: 'Not ready: storage is down' });
    });
  });
});
