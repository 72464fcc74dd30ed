import { describe, expect, it } from '@jest/globals';
import type { UserProfile } from '../../service_layer/user-profile';
import { USER_PROFILE_RESOURCE, type UserProfileResource, userProfileResource } from './user-profile.resource';

const PROFILE: UserProfile = {
  id: '0b7c6f0e-2a51-4c1e-9d8b-3f5a7e9c1d24',
  username: 'ada_l',
  email: 'ada@example.com',
  publicName: null,
  state: 'active',
  roles: ['user'],
  referralCode: 'K7PQR',
  referredBy: null,
  createdAt: new Date('2026-01-01T00:00:00.000Z'),
};

describe('the profile resource', () => {
  it('answers exactly the fields its schema documents and the serializer writes, in the API’s names', () => {
    const resource = userProfileResource(PROFILE);
    expect(Object.keys(resource).sort()).toEqual(Object.keys(USER_PROFILE_RESOURCE.schema.properties ?? {}).sort());
    expect(USER_PROFILE_RESOURCE.schema.required?.slice().sort()).toEqual(Object.keys(resource).sort());
    expect(resource).toMatchObject({ public_name: null, referral_code: 'K7PQR', created_at: '2026-01-01T00:00:00.000Z' });
  });

  it('is a Swagger model named UserProfileResource', () => {
    expect(USER_PROFILE_RESOURCE.model.name).toBe('UserProfileResource');
  });

  it('takes its type from the same declaration (checked by `npm run typecheck`)', () => {
    const { referral_code: _dropped, ...withoutReferralCode } = userProfileResource(PROFILE);
    // @ts-expect-error an answer lacking a declared field is not a profile answer
    const incomplete: UserProfileResource = withoutReferralCode;
    // @ts-expect-error a state outside AGGREGATE_STATES is refused
    const unknownState: UserProfileResource = { ...userProfileResource(PROFILE), state: 'frozen' };
    expect([incomplete, unknownState]).toHaveLength(2);
  });
});
