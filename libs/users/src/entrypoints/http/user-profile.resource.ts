import { AGGREGATE_STATES } from '@keepem/shared/domain';
import { halLinks, type HalLinks, halResourceSchema } from '@keepem/shared/http';
import type { UserProfile } from '../../service_layer/user-profile';

export const userLocation = (id: string): string => `/api/v1/users/${id}`;

export type UserProfileResource = UserProfile & { _links: HalLinks };

/** What a profile answer documents and sends (ApiResourceResponse); nothing else goes out. */
export const USER_PROFILE_RESOURCE_SCHEMA = halResourceSchema({
  id: { type: 'string', format: 'uuid' },
  username: { type: 'string', example: 'ada_l' },
  email: { type: 'string', format: 'email' },
  public_name: { type: 'string', nullable: true },
  state: { type: 'string', enum: [...AGGREGATE_STATES] },
  roles: { type: 'array', items: { type: 'string' }, example: ['user'] },
  referral_code: { type: 'string', example: 'K7PQR' },
  referred_by: { type: 'string', format: 'uuid', nullable: true },
  created_at: { type: 'string', format: 'date-time' },
});

/** A profile as the API answers it (HAL): the documented fields, named one by one. */
export function userProfileResource(profile: UserProfile): UserProfileResource {
  return {
    id: profile.id,
    username: profile.username,
    email: profile.email,
    public_name: profile.public_name,
    state: profile.state,
    roles: profile.roles,
    referral_code: profile.referral_code,
    referred_by: profile.referred_by,
    created_at: profile.created_at,
    _links: halLinks(userLocation(profile.id)),
  };
}
