import { halLinks } from '@keepem/shared';
import type { UserProfile } from '../../service_layer/queries/user-profile';
import type { UserProfileResponseDto } from './dto/user-profile.response.dto';

export const userLocation = (id: string): string => `/api/v1/users/${id}`;

/** A profile as the API answers it (HAL): the documented fields, named one by one. */
export function userProfileResource(profile: UserProfile): UserProfileResponseDto {
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
