import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { FILE_STORAGE, type FileStorage } from '../../libs/assets/src/service_layer/ports/file-storage.port';
import {
  assetFor,
  download,
  getOverTheWire,
  markedBytes,
  storageKeyOf,
  storedObjects,
  streamUpload,
  uploadMultipart,
  uploadRaw,
} from '../support/asset-files-client';
import { assetCreated, getAsset, removeAsset } from '../support/assets-client';
import { bearer, type Member, member } from '../support/keeps-client';
import { listenOnFreePort } from '../support/listening';
import { collectingLogDestination } from '../support/log-lines';
import { itRacing } from '../support/racing';
import { startTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(30_000);

const KIB = 1024;
/** The cipher's chunk: files of several chunks, and ranges across their boundaries, are what a download must get right. */
const CHUNK = 64 * KIB;
const MAX_UPLOAD_BYTES = 1024 * KIB;
const MARKER = 'KEEPEM-PLAINTEXT-MARKER';

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('The condition did not come true in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Asset files', () => {
  let app: TestApp;
  let baseUrl: string;
  let ada: Member;
  let bob: Member;
  // Nest's logger writes to the first app a test file starts: this one.
  const { lines, destination } = collectingLogDestination<{ level: number; msg?: string }>();

  beforeAll(async () => {
    app = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), LOG_LEVEL: 'info' }, destination);
    baseUrl = await listenOnFreePort(app);
    [ada, bob] = [await member(app), await member(app)];
  }, 60_000);
  afterAll(() => app.close());

  /** No stored file holds the marker of the plaintext, in any form a test sent it. */
  async function expectNoPlaintextStored(): Promise<void> {
    for (const [key, object] of await storedObjects(app.storageDirectory)) {
      expect({ key, holdsPlaintext: object.includes(MARKER) }).toEqual({ key, holdsPlaintext: false });
    }
  }
  const objectOf = async (assetId: string) => (await storedObjects(app.storageDirectory)).get(storageKeyOf(assetId));
  const stateOf = async (who: Member, assetId: string) => (await getAsset(app, who, assetId)).body.state;

  describe('upload and download', () => {
    it('create, upload, read, download in ranges, revalidate, remove: the object goes with the asset', async () => {
      const bytes = markedBytes(2 * CHUNK + 77);
      const { id, uploadUrl } = await assetFor(app, ada, bytes);
      expect((await getAsset(app, ada, id)).body).toMatchObject({ state: 'pending', _links: { upload: expect.anything() } });

      expect((await uploadMultipart(app, ada, uploadUrl, bytes)).status).toBe(201);

      const asset = await getAsset(app, ada, id);
      expect(asset.body).toMatchObject({ state: 'active', _links: { file: { href: `/api/v1/assets/${id}/file` } } });
      expect(asset.body._links.upload).toBeUndefined();
      const whole = await download(app, ada, id);
      expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);
      const part = await download(app, ada, id, { Range: `bytes=${CHUNK - 1}-${CHUNK}` });
      expect(part.status).toBe(206);
      expect(Buffer.compare(part.body as Buffer, bytes.subarray(CHUNK - 1, CHUNK + 1))).toBe(0);
      expect((await download(app, ada, id, { 'If-None-Match': String(whole.headers.etag) })).status).toBe(304);
      expect(await objectOf(id)).toBeDefined();

      expect((await removeAsset(app, ada, id)).status).toBe(204);

      expect(await objectOf(id)).toBeUndefined();
      expect((await download(app, ada, id)).status).toBe(404);
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(404);
    });

    it.each([
      ['as a raw body', (url: string, bytes: Buffer) => uploadRaw(app, ada, url, bytes)],
      ['as a multipart form', (url: string, bytes: Buffer) => uploadMultipart(app, ada, url, bytes)],
    ])('stores a file of several chunks sent %s, encrypted, and gives the same bytes back', async (_, upload) => {
      const bytes = markedBytes(3 * CHUNK + 123);
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      const uploaded = await upload(uploadUrl, bytes);

      expect(uploaded.status).toBe(201);
      expect(uploaded.headers.location).toBe(`/api/v1/assets/${id}/file`);
      expect(uploaded.text).toBe('');
      expect(await stateOf(ada, id)).toBe('active');
      const stored = await objectOf(id);
      expect(stored?.length).toBeGreaterThan(bytes.length);
      await expectNoPlaintextStored();

      const downloaded = await download(app, ada, id);
      expect(downloaded.status).toBe(200);
      expect(Buffer.compare(downloaded.body as Buffer, bytes)).toBe(0);
      expect(downloaded.headers).toMatchObject({
        'content-type': 'image/jpeg',
        'content-length': String(bytes.length),
        'content-disposition': `attachment; filename="garden.jpg"; filename*=UTF-8''garden.jpg`,
        'cache-control': 'private, no-cache',
        'accept-ranges': 'bytes',
        etag: `"${id}"`,
      });
      expect(downloaded.headers['content-encoding']).toBeUndefined();
    });

    it('stops reading storage when the client leaves in the middle of a download', async () => {
      const bytes = markedBytes(8 * CHUNK);
      const { id, uploadUrl } = await assetFor(app, ada, bytes);
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);
      const storage = app.app.get<FileStorage>(FILE_STORAGE, { strict: false });
      const read = storage.read;
      const reads: Readable[] = [];
      // Storage gives the first two chunks, then holds the rest back, as a slow disk or bucket does:
      // the download is under way when the client leaves.
      storage.read = async (key, range) => {
        const stored = await read.call(storage, key, range);
        reads.push(stored);
        let given = 0;
        const slow = new Transform({
          transform(chunk: Buffer, _encoding, done: TransformCallback) {
            given += chunk.length;
            if (given <= 2 * CHUNK) {
              done(null, chunk);
            }
          },
        });
        return pipeline(stored, slow, () => undefined);
      };
      try {
        await new Promise<void>((resolve, reject) => {
          const get = httpRequest(
            `${baseUrl}/api/v1/assets/${id}/file`,
            { headers: { Authorization: bearer(ada) }, agent: false },
            (answer) =>
              answer.once('data', () => {
                get.destroy();
                resolve();
              }),
          );
          get.on('error', (error) => (get.destroyed ? undefined : reject(error)));
          get.end();
        });

        await waitFor(() => reads.length === 1 && reads[0].destroyed);
      } finally {
        storage.read = read;
      }
    });

    it('stores and gives back an empty file', async () => {
      const { id, uploadUrl } = await assetFor(app, ada, Buffer.alloc(0), 'empty.txt', 'text/plain');

      expect(
        (await uploadRaw(app, ada, uploadUrl, Buffer.alloc(0), { type: 'text/plain', disposition: 'attachment; filename=empty.txt' }))
          .status,
      ).toBe(201);

      const downloaded = await download(app, ada, id);
      expect(downloaded.status).toBe(200);
      expect(downloaded.headers['content-length']).toBe('0');
      expect((downloaded.body as Buffer).length).toBe(0);
    });

    it('takes JSON, forms and text as raw files like any other type, and names a file by filename*', async () => {
      const json = Buffer.from(JSON.stringify({ [MARKER]: true }));
      const { id, uploadUrl } = await assetFor(app, ada, json, 'été.json', 'application/json');

      const uploaded = await uploadRaw(app, ada, uploadUrl, json, {
        type: 'application/json; charset=utf-8',
        disposition: `attachment; filename="ete.json"; filename*=UTF-8''%C3%A9t%C3%A9.json`,
      });

      expect(uploaded.status).toBe(201);
      const downloaded = await download(app, ada, id);
      expect(Buffer.compare(downloaded.body as Buffer, json)).toBe(0);
      expect(downloaded.headers['content-disposition']).toBe(`attachment; filename="_t_.json"; filename*=UTF-8''%C3%A9t%C3%A9.json`);
      await expectNoPlaintextStored();
    });
  });

  describe('ranges and revalidation', () => {
    let id: string;
    let bytes: Buffer;

    beforeAll(async () => {
      bytes = markedBytes(3 * CHUNK + 500);
      const created = await assetFor(app, ada, bytes);
      id = created.id;
      expect((await uploadRaw(app, ada, created.uploadUrl, bytes)).status).toBe(201);
    });

    it.each([
      ['the first bytes', 'bytes=0-99', 0, 99],
      ['a middle part across a chunk boundary', `bytes=${CHUNK - 10}-${2 * CHUNK + 9}`, CHUNK - 10, 2 * CHUNK + 9],
      ['a suffix', 'bytes=-300', 3 * CHUNK + 200, 3 * CHUNK + 499],
      ['an open end', `bytes=${3 * CHUNK}-`, 3 * CHUNK, 3 * CHUNK + 499],
      ['an end past the file', `bytes=10-${10 * CHUNK}`, 10, 3 * CHUNK + 499],
    ])('answers %s with 206 and only those bytes', async (_, range, start, end) => {
      const partial = await download(app, ada, id, { Range: range });

      expect(partial.status).toBe(206);
      expect(partial.headers['content-range']).toBe(`bytes ${start}-${end}/${bytes.length}`);
      expect(partial.headers['content-length']).toBe(String(end - start + 1));
      expect(Buffer.compare(partial.body as Buffer, bytes.subarray(start, end + 1))).toBe(0);
    });

    it('answers a range past the end with 416, telling the size', async () => {
      const refused = await download(app, ada, id, { Range: `bytes=${bytes.length}-` });

      expect(refused.status).toBe(416);
      expect(refused.headers['content-range']).toBe(`bytes */${bytes.length}`);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse((refused.body as Buffer).toString())).toMatchObject({ status: 416, title: 'Range Not Satisfiable' });
    });

    it('answers several ranges with the whole file', async () => {
      const whole = await download(app, ada, id, { Range: 'bytes=0-9,20-29' });

      expect(whole.status).toBe(200);
      expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);
    });

    it('answers 304 to its ETag, to *, and to a list or weak form holding it', async () => {
      const { etag } = (await download(app, ada, id)).headers;

      for (const ifNoneMatch of [etag, '*', `"other", W/${etag}`]) {
        const unchanged = await download(app, ada, id, { 'If-None-Match': ifNoneMatch });
        expect(unchanged.status).toBe(304);
        expect(unchanged.headers).toMatchObject({ etag, 'cache-control': 'private, no-cache' });
        expect((unchanged.body as Buffer).length).toBe(0);
      }
      expect((await download(app, ada, id, { 'If-None-Match': '"other"' })).status).toBe(200);
    });

    it('keeps a Range under If-Range with the current ETag, and sends the whole file otherwise', async () => {
      const { etag } = (await download(app, ada, id)).headers;

      expect((await download(app, ada, id, { Range: 'bytes=0-9', 'If-Range': String(etag) })).status).toBe(206);
      expect((await download(app, ada, id, { Range: 'bytes=0-9', 'If-Range': '"old"' })).status).toBe(200);
    });

    it('answers HEAD with the headers of the file and no body', async () => {
      const head = await app.http().head(`/api/v1/assets/${id}/file`).set('Authorization', bearer(ada));

      expect(head.status).toBe(200);
      expect(head.headers['content-length']).toBe(String(bytes.length));
      expect(head.headers.etag).toBe(`"${id}"`);
    });

    it('ignores Range on HEAD, as on anything but GET (RFC 9110 §14.2)', async () => {
      for (const range of ['bytes=0-9', `bytes=${bytes.length}-`]) {
        const head = await app
          .http()
          .head(`/api/v1/assets/${id}/file`)
          .set({ Authorization: bearer(ada), Range: range });

        expect(head.status).toBe(200);
        expect(head.headers['content-length']).toBe(String(bytes.length));
        expect(head.headers['content-range']).toBeUndefined();
      }
    });
  });

  describe('refusals, each storing nothing and leaving the asset pending', () => {
    const bytes = markedBytes(10 * KIB);

    /**
     * Refused with `status` as problem+json, with no object stored; the asset is still pending and
     * free, as the file can then be uploaded.
     */
    async function expectRefused(
      response: { status: number; headers: Record<string, string> },
      status: number,
      id: string,
      uploadUrl: string,
    ) {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await objectOf(id)).toBeUndefined();
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);
    }

    it.each([
      ['a forged token', () => 'not.a.token', 401],
      ['an expired token', (token: string) => token, 401],
    ])('refuses %s', async (what, tokenOf, status) => {
      const { id, uploadUrl, uploadToken } = await assetFor(app, ada, bytes);
      if (what === 'an expired token') {
        app.clock.advance(301_000);
      }

      const refused = await uploadRaw(
        app,
        ada,
        `/api/v1/assets/${id}/file?upload_token=${encodeURIComponent(tokenOf(uploadToken))}`,
        bytes,
      );

      app.clock.advance(-(what === 'an expired token' ? 301_000 : 0));
      await expectRefused(refused, status, id, uploadUrl);
    });

    it('refuses an upload without a token as one with a bad token', async () => {
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      await expectRefused(await uploadRaw(app, ada, `/api/v1/assets/${id}/file`, bytes), 401, id, uploadUrl);
    });

    it("refuses another user's token, and a token for another asset, as not found", async () => {
      const { id, uploadUrl, uploadToken } = await assetFor(app, ada, bytes);
      const other = await assetFor(app, ada, bytes);

      await expectRefused(await uploadRaw(app, bob, uploadUrl, bytes), 404, id, uploadUrl);
      const crossed = await uploadRaw(app, ada, `/api/v1/assets/${other.id}/file?upload_token=${encodeURIComponent(uploadToken)}`, bytes);
      await expectRefused(crossed, 404, other.id, other.uploadUrl);
    });

    it.each([
      ['another name', { disposition: 'attachment; filename="garden.png"' }],
      ['no name', { disposition: null }],
      ['another type', { type: 'image/png' }],
      ['no type', { type: null }],
    ])('refuses a raw body with %s with 400', async (_, file) => {
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      await expectRefused(await uploadRaw(app, ada, uploadUrl, bytes, file), 400, id, uploadUrl);
    });

    it.each([
      ['another name', { filename: 'garden.png' }],
      ['another type', { contentType: 'image/png' }],
      ['the file in another field', { field: 'photo' }],
      ['a second file', { others: [{ name: 'file', bytes: Buffer.from('x'), filename: 'garden.jpg' }] }],
      ['a field besides the file', { others: [{ name: 'title', value: 'x' }] }],
    ])('refuses a form with %s with 400', async (_, form) => {
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      await expectRefused(await uploadMultipart(app, ada, uploadUrl, bytes, form), 400, id, uploadUrl);
    });

    it.each([
      ['raw', (url: string, sent: Buffer) => uploadRaw(app, ada, url, sent)],
      ['multipart', (url: string, sent: Buffer) => uploadMultipart(app, ada, url, sent)],
    ])('refuses more or fewer bytes than declared (%s) with 400', async (_, upload) => {
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      await expectRefused(await upload(uploadUrl, Buffer.concat([bytes, Buffer.from('!')])), 400, id, uploadUrl);
      const second = await assetFor(app, ada, bytes);
      await expectRefused(await upload(second.uploadUrl, bytes.subarray(1)), 400, second.id, second.uploadUrl);
    });

    describe('stops reading a body as soon as it is too long', () => {
      const MIB = 1024 * KIB;

      /** Far more than the limit, made as it is sent: 64 KiB chunks up to `total`. */
      function* chunks(total = 256 * MIB) {
        const chunk = markedBytes(CHUNK);
        for (let sent = 0; sent < total; sent += CHUNK) {
          yield chunk;
        }
      }
      const endless = () => Readable.from(chunks());
      const rawHeaders = (extra: Record<string, string> = {}) => ({
        Authorization: bearer(ada),
        'Content-Type': 'image/jpeg',
        'Content-Disposition': 'attachment; filename="garden.jpg"',
        ...extra,
      });
      const pathOf = (uploadUrl: string) => uploadUrl;

      it('refuses a Content-Length above MAX_UPLOAD_BYTES with 413 before reading the body', async () => {
        const { id, uploadUrl } = await assetFor(app, ada, bytes);

        const refused = await streamUpload(baseUrl, pathOf(uploadUrl), rawHeaders({ 'Content-Length': String(256 * MIB) }), endless());

        expect(refused.status).toBe(413);
        expect(refused.sentBeforeAnswer).toBeLessThan(16 * MIB);
        await expectRefused(refused as never, 413, id, uploadUrl);
      });

      it('refuses more than MAX_UPLOAD_BYTES with 413 as they arrive, raw or in a form', async () => {
        const full = markedBytes(MAX_UPLOAD_BYTES);
        const raw = await assetFor(app, ada, full);
        const rawRefused = await streamUpload(baseUrl, raw.uploadUrl, rawHeaders({ 'Transfer-Encoding': 'chunked' }), endless());
        expect(rawRefused.status).toBe(413);
        expect(rawRefused.sentBeforeAnswer).toBeLessThan(MAX_UPLOAD_BYTES + 16 * MIB);

        const form = await assetFor(app, ada, full);
        const boundary = 'keepem-boundary';
        const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="garden.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`;
        const multipart = Readable.from(
          (function* () {
            yield Buffer.from(head);
            yield* chunks();
          })(),
        );
        const formRefused = await streamUpload(
          baseUrl,
          form.uploadUrl,
          { Authorization: bearer(ada), 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' },
          multipart,
        );
        expect(formRefused.status).toBe(413);
        expect(formRefused.sentBeforeAnswer).toBeLessThan(MAX_UPLOAD_BYTES + 16 * MIB);
        expect(await objectOf(raw.id)).toBeUndefined();
        expect(await objectOf(form.id)).toBeUndefined();
        expect((await uploadRaw(app, ada, raw.uploadUrl, full)).status).toBe(201);
        expect((await uploadMultipart(app, ada, form.uploadUrl, full)).status).toBe(201);
      });

      it('refuses more bytes than declared with 400 as soon as they arrive', async () => {
        const { id, uploadUrl } = await assetFor(app, ada, bytes);

        const refused = await streamUpload(baseUrl, uploadUrl, rawHeaders({ 'Transfer-Encoding': 'chunked' }), endless());

        expect(refused.status).toBe(400);
        expect(refused.sentBeforeAnswer).toBeLessThan(16 * MIB);
        await expectRefused(refused as never, 400, id, uploadUrl);
      });
    });

    it('refuses a second upload of an active asset with 409, keeping the first file', async () => {
      const { id, uploadUrl } = await assetFor(app, ada, bytes);
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);

      const again = await uploadRaw(app, ada, uploadUrl, Buffer.alloc(bytes.length));

      expect(again.status).toBe(409);
      expect(Buffer.compare((await download(app, ada, id)).body as Buffer, bytes)).toBe(0);
    });
  });

  describe('a client that stalls', () => {
    let stallingApp: TestApp;
    let stallingUrl: string;
    let carol: Member;

    beforeAll(async () => {
      // The shortest lease there is, so that the claim is looked at (and renewed) every 250 ms.
      stallingApp = await startTestApp({ MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), OUTBOX_LEASE_MS: '1000' });
      stallingUrl = await listenOnFreePort(stallingApp);
      carol = await member(stallingApp);
    }, 60_000);
    afterAll(() => stallingApp.close());

    it('is answered 408 once no byte came for a whole lease, and the file may be sent again at once', async () => {
      const bytes = markedBytes(10 * KIB);
      const { id, uploadUrl } = await assetFor(stallingApp, carol, bytes);
      const put = httpRequest(`${stallingUrl}${uploadUrl}`, {
        method: 'PUT',
        agent: false,
        headers: {
          Authorization: bearer(carol),
          'Content-Type': 'image/jpeg',
          'Content-Disposition': 'attachment; filename="garden.jpg"',
          'Content-Length': String(bytes.length),
        },
      });
      put.on('error', () => undefined);
      const answered = new Promise<{ status: number; type?: string; body: string }>((resolve) =>
        put.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'], body: Buffer.concat(chunks).toString() }),
          );
        }),
      );
      put.write(bytes.subarray(0, KIB));
      let answer: { status: number; type?: string; body: string } | undefined;
      void answered.then((value) => (answer = value));

      // Time passes, by the clock, with nothing more sent: the connection stays open.
      await waitFor(() => {
        stallingApp.clock.advance(1000);
        return answer !== undefined;
      });

      put.destroy();
      expect(answer).toMatchObject({ status: 408, type: expect.stringMatching(/^application\/problem\+json/) });
      expect(JSON.parse(answer!.body)).toMatchObject({ title: 'Request Timeout', detail: expect.stringContaining('No byte of the file') });
      expect((await storedObjects(stallingApp.storageDirectory)).has(storageKeyOf(id))).toBe(false);
      expect((await uploadRaw(stallingApp, carol, uploadUrl, bytes)).status).toBe(201);
      expect(Buffer.compare((await download(stallingApp, carol, id)).body as Buffer, bytes)).toBe(0);
    });
  });

  describe('who may see a file', () => {
    it('answers another user 404 on both file routes, and changes nothing', async () => {
      const bytes = markedBytes(2 * KIB);
      const { id, uploadUrl } = await assetFor(app, ada, bytes);

      expect((await uploadRaw(app, bob, uploadUrl, bytes)).status).toBe(404);
      expect((await uploadMultipart(app, bob, uploadUrl, bytes)).status).toBe(404);
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);
      const refused = await download(app, bob, id);
      expect(refused.status).toBe(404);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Buffer.compare((await download(app, ada, id)).body as Buffer, bytes)).toBe(0);
    });

    it('has no file to give while the asset is pending, nor for an id that is no asset', async () => {
      const { id } = await assetFor(app, ada, markedBytes(KIB));

      expect((await download(app, ada, id)).status).toBe(404);
      expect((await download(app, ada, crypto.randomUUID())).status).toBe(404);
      expect((await download(app, ada, 'not-a-uuid')).status).toBe(400);
    });

    it('takes multipart bodies on the upload route only', async () => {
      const refused = await app.http().post('/api/v1/assets').set('Authorization', bearer(ada)).field('title', 'x');

      expect(refused.status).toBe(415);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    });
  });

  describe('a file that no longer decrypts', () => {
    /** Uploads 3 chunks and more, then flips the byte at `offset` from the end of what storage holds. */
    async function storedAndDamaged(offsetFromEnd: (stored: Buffer) => number): Promise<{ id: string; bytes: Buffer }> {
      const bytes = markedBytes(3 * CHUNK + 10);
      const { id, uploadUrl } = await assetCreated(app, ada, { file_size_bytes: bytes.length });
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);
      const path = join(app.storageDirectory, storageKeyOf(id));
      const stored = await readFile(path);
      stored[offsetFromEnd(stored)] ^= 0x01;
      await writeFile(path, stored);
      return { id, bytes };
    }

    it('cuts the download off where the damage is, never sending an altered byte, and logs it with the asset id', async () => {
      const { id, bytes } = await storedAndDamaged((stored) => stored.length - 20);

      const cut = await getOverTheWire(baseUrl, `/api/v1/assets/${id}/file`, { Authorization: bearer(ada) });

      expect(cut.status).toBe(200);
      expect(cut.headers['content-length']).toBe(String(bytes.length));
      expect(cut.complete).toBe(false);
      expect(cut.body.length).toBeLessThan(bytes.length);
      expect(Buffer.compare(cut.body, bytes.subarray(0, cut.body.length))).toBe(0);
      await waitFor(() => lines.some((line) => line.level >= 50 && String(line.msg).includes(id)));
    });

    it('answers 500 without internals when the file fails before its first byte', async () => {
      const { id } = await storedAndDamaged(() => 100);

      const failed = await getOverTheWire(baseUrl, `/api/v1/assets/${id}/file`, { Authorization: bearer(ada) });

      expect(failed.status).toBe(500);
      expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(failed.body.toString())).toMatchObject({ detail: 'An unexpected error occurred; it has been logged' });
      await waitFor(() => lines.some((line) => line.level >= 50 && String(line.msg).includes(id)));
    });

    it('answers 500 without internals when its object is missing from storage', async () => {
      const bytes = markedBytes(KIB);
      const { id, uploadUrl } = await assetCreated(app, ada, { file_size_bytes: bytes.length });
      expect((await uploadRaw(app, ada, uploadUrl, bytes)).status).toBe(201);
      await rm(join(app.storageDirectory, storageKeyOf(id)));

      const failed = await getOverTheWire(baseUrl, `/api/v1/assets/${id}/file`, { Authorization: bearer(ada) });

      expect(failed.status).toBe(500);
      expect(failed.body.toString()).not.toContain('.enc');
    });
  });

  describe('races', () => {
    itRacing('a removal during an upload leaves the asset removed or, after the upload, removed, and no object either way', async () => {
      const bytes = markedBytes(16 * CHUNK);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const { id, uploadUrl } = await assetFor(app, ada, bytes);

        const [uploaded, removed] = await Promise.all([
          uploadRaw(app, ada, uploadUrl, bytes),
          new Promise((resolve) => setTimeout(resolve, attempt * 3)).then(() => removeAsset(app, ada, id)),
        ]);

        expect(removed.status).toBe(204);
        expect([201, 404, 409]).toContain(uploaded.status);
        expect((await getAsset(app, ada, id)).status).toBe(404);
        expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(id))).toBe(false);
      }
    });

    itRacing('two uploads at once: one stores its file, the other is refused with 409, and one object is left', async () => {
      const [first, second] = [markedBytes(8 * CHUNK, 'FIRST'), markedBytes(8 * CHUNK, 'SECOND')];
      const { id, uploadUrl } = await assetFor(app, ada, first);

      const answers = await Promise.all([uploadRaw(app, ada, uploadUrl, first), uploadMultipart(app, ada, uploadUrl, second)]);

      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
      const winner = answers[0].status === 201 ? first : second;
      expect(Buffer.compare((await download(app, ada, id)).body as Buffer, winner)).toBe(0);
      const objects = [...(await storedObjects(app.storageDirectory)).keys()].filter((key) => key.includes(id));
      expect(objects).toEqual([storageKeyOf(id)]);
    });
  });
});
