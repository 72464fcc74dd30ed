import { describe, expect, it } from '@jest/globals';
import type { DocumentReader, ProjectedDocument } from '@keepem/shared/service_layer';
import { DocumentUserProfileView } from './document-user-profile.view';

/** A reader holding stored documents as a database would hand them out, fields as they were written. */
function readerOf(...documents: Record<string, unknown>[]): DocumentReader {
  const unused = () => Promise.reject(new Error('a profile is read by id only'));
  return {
    findPage: unused,
    count: unused,
    findById: <Field extends string>(_: string, id: string, fields: readonly Field[]) => {
      const document = documents.find((candidate) => candidate._id === id);
      if (!document) return Promise.resolve(null);
      const projected: Record<string, unknown> = { _id: id };
      for (const field of fields) if (field in document) projected[field] = document[field];
      return Promise.resolve(projected as ProjectedDocument<Field>);
    },
  };
}

const id = '0b7c6a3e-5d1f-4c2a-9e8b-1f2a3b4c5d6e';
const written = {
  _id: id,
  username: 'ada',
  email: 'ada@example.com',
  email_canonical: 'ada@example.com',
  public_name: 'Ada',
  password_hash: '$argon2id$…',
  roles: ['user'],
  referral_code: 'K7PQR',
  referred_by: null,
  state: 'active',
  created_at: new Date('2026-01-01T00:00:00Z'),
};

describe('DocumentUserProfileView', () => {
  it('shows the profile fields of a stored user, never the password hash', async () => {
    const profile = await new DocumentUserProfileView(readerOf(written)).findById(id);
    expect(profile).toEqual({
      id,
      username: 'ada',
      email: 'ada@example.com',
      publicName: 'Ada',
      state: 'active',
      roles: ['user'],
      referralCode: 'K7PQR',
      referredBy: null,
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
    });
  });

  it('gives null for optional fields a stored document lacks (its answer must name every field)', async () => {
    const { public_name: _name, referred_by: _referrer, ...older } = written;
    const profile = await new DocumentUserProfileView(readerOf(older)).findById(id);
    expect(profile).toMatchObject({ publicName: null, referredBy: null });
  });

  it('finds nobody for an unknown id', async () => {
    expect(await new DocumentUserProfileView(readerOf(written)).findById(crypto.randomUUID())).toBeNull();
  });
});
