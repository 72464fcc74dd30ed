import { describe, expect, it } from '@jest/globals';
import { storedDocumentsReader } from '../../../../test/support/stored-documents-reader';
import { DocumentUserProfileView } from './document-user-profile.view';

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
    const profile = await new DocumentUserProfileView(storedDocumentsReader(written)).findById(id);
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
    const profile = await new DocumentUserProfileView(storedDocumentsReader(older)).findById(id);
    expect(profile).toMatchObject({ publicName: null, referredBy: null });
  });

  it('finds nobody for an unknown id', async () => {
    expect(await new DocumentUserProfileView(storedDocumentsReader(written)).findById(crypto.randomUUID())).toBeNull();
  });
});
