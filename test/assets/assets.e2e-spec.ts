import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { activeAssetCreated } from '../support/active-assets';
import { download, markedBytes, storageKeyOf, storedObjects, uploadMultipart } from '../support/asset-files-client';
import {
  ASSET_UPLOAD_LOCATION,
  assetCreated,
  createAsset,
  getAsset,
  myAssets,
  newAsset,
  removeAsset,
  updateAsset,
} from '../support/assets-client';
import { MEBIBYTE } from '../../libs/assets/src/domain/byte-sizes';
import { bearer, type Member, member } from '../support/keeps-client';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';

// Each test signs people up, each with a password hash and an activation mail: on the MongoDB wire
// lane that alone takes seconds.
jest.setTimeout(30_000);

describe('Assets', () => {
  let app: TestApp;
  let admin: AdminClient;
  let ada: Member;

  beforeAll(async () => {
    app = await startTestApp({ ...ADMIN_SETTINGS, MAX_UPLOAD_BYTES: String(10 * MEBIBYTE), STORAGE_QUOTA_MB: '25' });
    admin = new AdminClient(app);
    ada = await member(app);
  }, 60_000);
  afterAll(() => app.close());

  const outboxOf = (aggregateId: string) => admin.outboxOf(aggregateId);

  describe('as a client uses them', () => {
    it('create → upload → read → download → PATCH → list, stats, tag cloud, of the week → DELETE: the stored object goes too', async () => {
      const eve = await member(app);
      const bytes = markedBytes(70_000);
      const { id, uploadUrl } = await assetCreated(app, eve, {
        title: 'Sea',
        file_name: 'sea.jpg',
        file_size_bytes: bytes.length,
        tags: ['Summer'],
        people: ['Rose'],
      });
      expect((await getAsset(app, eve, id)).body).toMatchObject({
        state: 'pending',
        _links: { upload: { href: `/api/v1/assets/${id}/file` } },
      });

      const uploaded = await uploadMultipart(app, eve, uploadUrl, bytes, { filename: 'sea.jpg' });
      expect(uploaded.status).toBe(201);
      expect(uploaded.headers.location).toBe(`/api/v1/assets/${id}/file`);
      const stored = (await storedObjects(app.storageDirectory)).get(storageKeyOf(id));
      expect(stored?.length).toBeGreaterThan(bytes.length);
      expect(stored?.includes('KEEPEM-PLAINTEXT-MARKER')).toBe(false);

      const read = await getAsset(app, eve, id);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        id,
        state: 'active',
        owners_id: [eve.id],
        title: 'Sea',
        tags: ['summer'],
        people: ['Rose'],
        file_name: 'sea.jpg',
        file_type: 'image/jpeg',
        file_size_bytes: bytes.length,
        _links: { self: { href: `/api/v1/assets/${id}` }, file: { href: `/api/v1/assets/${id}/file` } },
      });
      const whole = await download(app, eve, id);
      expect(whole.status).toBe(200);
      expect(Buffer.compare(whole.body as Buffer, bytes)).toBe(0);
      // Across the cipher's first chunk boundary (64 KiB).
      const part = await download(app, eve, id, { Range: `bytes=${64 * 1024 - 6}-${64 * 1024 + 9}` });
      expect(part.status).toBe(206);
      expect(Buffer.compare(part.body as Buffer, bytes.subarray(64 * 1024 - 6, 64 * 1024 + 10))).toBe(0);
      expect((await download(app, eve, id, { 'If-None-Match': String(whole.headers.etag) })).status).toBe(304);

      const patched = await updateAsset(app, eve, id, { title: 'The sea', tags: ['summer', 'holidays'], bookmarked: true });
      expect(patched.status).toBe(202);
      expect((await getAsset(app, eve, id)).body).toMatchObject({ title: 'The sea', tags: ['summer', 'holidays'], bookmarked: true });

      const listed = await myAssets(app, eve, '', '?bookmarked=true&tags=holidays');
      expect(listed.status).toBe(200);
      expect(listed.body._embedded.assets).toEqual([expect.objectContaining({ id, title: 'The sea', state: 'active' })]);
      expect((await myAssets(app, eve, '/stats')).body).toMatchObject({
        by_type: [{ type: 'image', count: 1, size_bytes: bytes.length }],
        total: { count: 1, size_bytes: bytes.length },
        used_bytes: bytes.length,
      });
      expect((await myAssets(app, eve, '/tag-cloud')).body.tags).toEqual([
        { tag: 'holidays', count: 1 },
        { tag: 'summer', count: 1 },
      ]);
      expect((await myAssets(app, eve, '/of-the-week')).body._embedded.assets.map((asset: { id: string }) => asset.id)).toEqual([id]);

      const removed = await removeAsset(app, eve, id);
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(id))).toBe(false);
      expect((await getAsset(app, eve, id)).status).toBe(404);
      expect((await download(app, eve, id)).status).toBe(404);
      expect((await myAssets(app, eve)).body.page.total_elements).toBe(0);
      expect((await myAssets(app, eve, '/stats')).body.used_bytes).toBe(0);
      expect((await outboxOf(id)).map((record) => record.type)).toEqual([
        'assets.asset-created.v1',
        'assets.asset-file-uploaded.v1',
        'assets.asset-updated.v1',
        'assets.asset-removed.v1',
      ]);
    });
  });

  describe('creation', () => {
    it('answers 201 without a body, pointing to the upload URL with a token, and publishes assets.asset-created.v1', async () => {
      const response = await createAsset(app, ada, newAsset({ tags: ['Family'], people: ['Rose'], bookmarked: true }));

      expect(response.status).toBe(201);
      expect(response.text).toBe('');
      const [, id] = ASSET_UPLOAD_LOCATION.exec(String(response.headers.location)) ?? [];
      expect(id).toBeDefined();
      expect((await outboxOf(id)).map((record) => record.type)).toEqual(['assets.asset-created.v1']);
    });

    it.each([
      ['no title', { title: undefined }, 'title'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a title too long', { title: 'x'.repeat(65) }, 'title'],
      ['a file type that is no media type', { file_type: 'jpeg' }, 'file_type'],
      ['a file name with a path', { file_name: 'photos/garden.jpg' }, 'file_name'],
      ['a size that is no whole number', { file_size_bytes: 1.5 }, 'file_size_bytes'],
      ['a negative size', { file_size_bytes: -1 }, 'file_size_bytes'],
      ['tags that are not a list', { tags: 'family' }, 'tags'],
      ['a null list of tags', { tags: null }, 'tags'],
      ['an owner id that is no UUID', { owners_id: ['ada'] }, 'owners_id'],
    ])('refuses %s with 400, naming the field', async (_, overrides, field) => {
      const response = await createAsset(app, ada, newAsset(overrides));

      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });

    it('refuses an unknown field with 400', async () => {
      const response = await createAsset(app, ada, newAsset({ storage_key: 'elsewhere' }));

      expect(response.status).toBe(400);
    });

    it('refuses a file declared larger than MAX_UPLOAD_BYTES with 413, naming the limit', async () => {
      const response = await createAsset(app, ada, newAsset({ file_size_bytes: 10 * MEBIBYTE + 1 }));

      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        status: 413,
        detail: `Files are at most ${10 * MEBIBYTE} bytes`,
        errors: [{ field: 'file_size_bytes', message: `at most ${10 * MEBIBYTE} bytes` }],
      });
    });

    it('refuses someone else among the owners with 422, and accepts the caller named alone', async () => {
      const bob = await member(app);

      const refused = await createAsset(app, ada, newAsset({ owners_id: [ada.id, bob.id] }));
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([{ field: 'owners_id', message: 'may list only you' }]);
      await assetCreated(app, ada, { owners_id: [ada.id] });
    });

    it('refuses a file that would take the owner over STORAGE_QUOTA_MB with 409 saying why, and counts only their own assets', async () => {
      const [cy, dee] = [await member(app), await member(app)];
      await assetCreated(app, cy, { file_size_bytes: 10 * MEBIBYTE });
      await assetCreated(app, cy, { file_size_bytes: 10 * MEBIBYTE });

      const refused = await createAsset(app, cy, newAsset({ file_size_bytes: 5 * MEBIBYTE + 1 }));
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/over its quota: 20\.0 MB used, 5\.0 MB more asked, 25\.0 MB allowed/);
      await assetCreated(app, cy, { file_size_bytes: 5 * MEBIBYTE });
      await assetCreated(app, dee, { file_size_bytes: 10 * MEBIBYTE });
    });
  });

  describe('one asset', () => {
    it('is shown to its owner while pending, with where to upload its file but not the token, and never its key', async () => {
      const { id } = await assetCreated(app, ada, {
        title: ' Grandma’s garden ',
        description: 'Her roses',
        tags: ['Family', 'summer'],
        people: ['Rose'],
        location: 'Lyon',
        created_date: 'summer 1998',
        extra_private: true,
        file_type: 'Image/JPEG',
      });

      const response = await getAsset(app, ada, id);

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id,
        state: 'pending',
        owners_id: [ada.id],
        title: 'Grandma’s garden',
        description: 'Her roses',
        tags: ['family', 'summer'],
        people: ['Rose'],
        location: 'Lyon',
        created_date: 'summer 1998',
        extra_private: true,
        bookmarked: false,
        file_name: 'garden.jpg',
        file_type: 'image/jpeg',
        file_size_bytes: 1000,
        created_at: expect.any(String),
        modified_at: expect.any(String),
        _links: {
          self: { href: `/api/v1/assets/${id}` },
          upload: { href: `/api/v1/assets/${id}/file` },
          owners: [{ href: `/api/v1/users/${ada.id}` }],
        },
      });
      expect(response.text).not.toMatch(/upload_token|wrapped|data_key|storage_key|encryption/);
    });

    it('links an active asset’s file instead of an upload', async () => {
      const id = await activeAssetCreated(app, ada);

      const response = await getAsset(app, ada, id);

      expect(response.body.state).toBe('active');
      expect(response.body._links).toEqual({
        self: { href: `/api/v1/assets/${id}` },
        file: { href: `/api/v1/assets/${id}/file` },
        owners: [{ href: `/api/v1/users/${ada.id}` }],
      });
    });

    it('changes only the fields a PATCH sends (202), clearing those sent as null', async () => {
      const { id } = await assetCreated(app, ada, { description: 'Roses', location: 'Lyon', tags: ['family'], created_date: '1998' });
      const before = (await getAsset(app, ada, id)).body;
      app.clock.advance(1000);

      const response = await updateAsset(app, ada, id, { title: 'Roses', location: null, bookmarked: true, people: ['Rose'] });

      expect(response.status).toBe(202);
      expect(response.text).toBe('');
      expect(response.headers.location).toBe(`/api/v1/assets/${id}`);
      const after = (await getAsset(app, ada, id)).body;
      expect(after).toEqual({
        ...before,
        title: 'Roses',
        location: null,
        bookmarked: true,
        people: ['Rose'],
        modified_at: app.clock.now().toISOString(),
      });
      expect((await outboxOf(id)).map((record) => record.type)).toEqual(['assets.asset-created.v1', 'assets.asset-updated.v1']);
    });

    it.each([
      ['a null title', { title: null }, 'title'],
      ['a blank title', { title: ' ' }, 'title'],
      ['null tags', { tags: null }, 'tags'],
      ['a null flag', { bookmarked: null }, 'bookmarked'],
      ['a description too long', { description: 'x'.repeat(2001) }, 'description'],
      ['the file’s name', { file_name: 'other.jpg' }, 'file_name'],
    ])('refuses a PATCH with %s (400), changing nothing', async (_, body, field) => {
      const { id } = await assetCreated(app, ada);
      const before = (await getAsset(app, ada, id)).body;

      const response = await updateAsset(app, ada, id, body);

      expect(response.status).toBe(400);
      if (field !== 'file_name') {
        expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect((await getAsset(app, ada, id)).body).toEqual(before);
    });

    it('removes an asset for good (204): then it is gone, and removing it again is 404', async () => {
      const id = await activeAssetCreated(app, ada);

      const response = await removeAsset(app, ada, id);

      expect(response.status).toBe(204);
      expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(id))).toBe(false);
      expect((await getAsset(app, ada, id)).status).toBe(404);
      expect((await updateAsset(app, ada, id, { title: 'Back' })).status).toBe(404);
      expect((await removeAsset(app, ada, id)).status).toBe(404);
      expect((await outboxOf(id)).map((record) => record.type)).toEqual([
        'assets.asset-created.v1',
        'assets.asset-file-uploaded.v1',
        'assets.asset-removed.v1',
      ]);
    });

    it('is not there for anyone else: 404 on every route of it, changing nothing', async () => {
      const bob = await member(app);
      const { id } = await assetCreated(app, ada, { title: 'Mine' });
      const before = (await getAsset(app, ada, id)).body;

      for (const response of [
        await getAsset(app, bob, id),
        await updateAsset(app, bob, id, { title: 'Yours' }),
        await removeAsset(app, bob, id),
        await getAsset(app, bob, crypto.randomUUID()),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ status: 404, detail: 'Asset was not found' });
      }
      expect((await getAsset(app, ada, id)).body).toEqual(before);
    });

    it('refuses an id that is no UUID with 400', async () => {
      expect((await getAsset(app, ada, 'not-an-id')).status).toBe(400);
    });
  });

  describe('the owner’s views', () => {
    let cy: Member;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      cy = await member(app);
      const made: [string, Record<string, unknown>][] = [
        ['beach', { title: 'Beach', file_type: 'image/jpeg', file_size_bytes: 3 * MEBIBYTE, tags: ['summer', 'family'], bookmarked: true }],
        [
          'drawing',
          { title: 'drawing', file_name: 'drawing.png', file_type: 'image/png', file_size_bytes: MEBIBYTE, tags: ['kids', 'family'] },
        ],
        ['film', { title: 'Film', file_name: 'film.mp4', file_type: 'video/mp4', file_size_bytes: 6 * MEBIBYTE, tags: ['summer'] }],
        [
          'letter',
          { title: 'Letter', file_name: 'letter.pdf', file_type: 'application/pdf', file_size_bytes: 2 * MEBIBYTE, extra_private: true },
        ],
      ];
      for (const [name, fields] of made) {
        ids[name] = await activeAssetCreated(app, cy, fields);
        app.clock.advance(1000);
      }
      ids.pending = (await assetCreated(app, cy, { title: 'Pending', file_size_bytes: 4 * MEBIBYTE, tags: ['summer'] })).id;
    });

    const listed = async (query = '') => {
      const response = await myAssets(app, cy, '', query);
      expect(response.status).toBe(200);
      return (response.body._embedded.assets as { id: string }[]).map((asset) => asset.id);
    };

    it('lists the active assets, newest first, paged as HAL', async () => {
      const response = await myAssets(app, cy, '', '?size=3');

      expect(response.status).toBe(200);
      expect(response.body._embedded.assets.map((asset: { id: string }) => asset.id)).toEqual([ids.letter, ids.film, ids.drawing]);
      expect(response.body.page).toEqual({ number: 0, size: 3, total_elements: 4, total_pages: 2 });
      expect(response.body._links.next).toEqual({ href: '/api/v1/me/assets?page=1&size=3' });
      expect(response.text).not.toMatch(/wrapped|data_key|storage_key|encryption/);
    });

    it('filters by file types, tags and bookmark, and sorts by title or size', async () => {
      expect(await listed('?file_types=image')).toEqual([ids.drawing, ids.beach]);
      expect(await listed('?file_types=IMAGE/PNG,video')).toEqual([ids.film, ids.drawing]);
      expect(await listed('?tags=summer,kids')).toEqual([ids.film, ids.drawing, ids.beach]);
      expect(await listed('?tags=family&file_types=image/jpeg')).toEqual([ids.beach]);
      expect(await listed('?bookmarked=true')).toEqual([ids.beach]);
      expect(await listed('?sort=title')).toEqual([ids.beach, ids.drawing, ids.film, ids.letter]);
      expect(await listed('?sort=size,desc')).toEqual([ids.film, ids.beach, ids.letter, ids.drawing]);
    });

    it.each(['?sort=owner', '?file_types=image/', '?bookmarked=yes', '?size=101', `?tags=${'x'.repeat(33)}`])(
      'refuses %s with 400',
      async (query) => {
        expect((await myAssets(app, cy, '', query)).status).toBe(400);
      },
    );

    it('counts the active assets per major type against the quota, the pending one in what is used', async () => {
      const response = await myAssets(app, cy, '/stats');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        by_type: [
          { type: 'video', count: 1, size_bytes: 6 * MEBIBYTE, size_mb: 6 },
          { type: 'image', count: 2, size_bytes: 4 * MEBIBYTE, size_mb: 4 },
          { type: 'application', count: 1, size_bytes: 2 * MEBIBYTE, size_mb: 2 },
        ],
        total: { count: 4, size_bytes: 12 * MEBIBYTE, size_mb: 12 },
        quota_mb: 25,
        used_mb: 16,
        free_mb: 9,
        quota_bytes: 25 * MEBIBYTE,
        used_bytes: 16 * MEBIBYTE,
        free_bytes: 9 * MEBIBYTE,
        _links: { self: { href: '/api/v1/me/assets/stats' }, assets: { href: '/api/v1/me/assets' } },
      });
    });

    it('shows the most used tags of the active assets', async () => {
      const response = await myAssets(app, cy, '/tag-cloud');

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        tags: [
          { tag: 'family', count: 2 },
          { tag: 'summer', count: 2 },
          { tag: 'kids', count: 1 },
        ],
        _links: { self: { href: '/api/v1/me/assets/tag-cloud' } },
      });
    });

    it('picks two active assets for the week, never the extra-private one, the same at every asking', async () => {
      const first = await myAssets(app, cy, '/of-the-week');

      expect(first.status).toBe(200);
      expect(first.body.week).toMatch(/^\d{4}-W\d{2}$/);
      const picked = first.body._embedded.assets.map((asset: { id: string }) => asset.id);
      expect(picked).toHaveLength(2);
      expect([ids.beach, ids.drawing, ids.film]).toEqual(expect.arrayContaining(picked));
      expect((await myAssets(app, cy, '/of-the-week')).body).toEqual(first.body);
    });

    it('drops a removed asset from every view, and gives its room back', async () => {
      const dee = await member(app);
      const id = await activeAssetCreated(app, dee, { tags: ['gone'], file_size_bytes: MEBIBYTE });
      expect((await myAssets(app, dee, '/stats')).body.used_bytes).toBe(MEBIBYTE);

      expect((await removeAsset(app, dee, id)).status).toBe(204);

      expect((await storedObjects(app.storageDirectory)).has(storageKeyOf(id))).toBe(false);
      expect((await myAssets(app, dee)).body.page.total_elements).toBe(0);
      expect((await myAssets(app, dee, '/stats')).body).toMatchObject({ used_bytes: 0, total: { count: 0, size_bytes: 0, size_mb: 0 } });
      expect((await myAssets(app, dee, '/tag-cloud')).body.tags).toEqual([]);
      expect((await myAssets(app, dee, '/of-the-week')).body._embedded.assets).toEqual([]);
    });

    it('lists every asset for an administrator, filtered by state and owner; a user gets 403', async () => {
      const all = await admin.get(`/api/v1/assets?owner_id=${cy.id}&sort=created_at,asc`);
      expect(all.status).toBe(200);
      expect(all.body._embedded.assets.map((asset: { id: string }) => asset.id)).toEqual([
        ids.beach,
        ids.drawing,
        ids.film,
        ids.letter,
        ids.pending,
      ]);
      const pending = await admin.get(`/api/v1/assets?owner_id=${cy.id}&state=pending`);
      expect(pending.body._embedded.assets.map((asset: { id: string }) => asset.id)).toEqual([ids.pending]);
      expect(pending.text).not.toMatch(/wrapped|data_key|storage_key|encryption/);

      expect((await app.http().get('/api/v1/assets').set('Authorization', bearer(cy))).status).toBe(403);
    });
  });
});
