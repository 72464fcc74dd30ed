import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ASSET_UPLOAD_LOCATION, assetCreated, createAsset, newAsset } from '../support/assets-client';
import { type Member, member } from '../support/keeps-client';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';

// Each test signs people up, each with a password hash and an activation mail: on the MongoDB wire
// lane that alone takes seconds.
jest.setTimeout(30_000);

const MEBIBYTE = 1024 * 1024;

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

  /** The outbox records of one aggregate, through the admin API. */
  const outboxOf = async (aggregateId: string) =>
    ((await admin.get('/api/v1/admin/outbox?size=100')).body._embedded.outbox_records as { aggregate_id: string; type: string }[]).filter(
      (record) => record.aggregate_id === aggregateId,
    );

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
});
