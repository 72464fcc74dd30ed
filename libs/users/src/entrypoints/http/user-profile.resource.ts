import { halLinks, halResource, type HalResourceOf } from '@keepem/shared/http';
import { USER_PROFILE_FIELDS, type UserProfile } from '../../service_layer/user-profile';

export const userLocation = (id: string): string => `/api/v1/users/${id}`;

/** What a profile answer documents and sends (ApiResourceResponse); nothing else goes out. */
export const USER_PROFILE_RESOURCE = halResource('UserProfileResource', USER_PROFILE_FIELDS);

export type UserProfileResource = HalResourceOf<typeof USER_PROFILE_FIELDS>;

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
