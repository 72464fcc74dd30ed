import { AGGREGATE_STATES } from '@keepem/shared/domain';
import { halLinks, halPageSchema, halResource, type HalResourceOf, viewFields } from '@keepem/shared/http';
import { ROLES } from '../../domain/role';
import type { UserProfile } from '../../service_layer/user-profile';

export const userLocation = (id: string): string => `/api/v1/users/${id}`;

/**
 * A profile's fields as the API shows them, declared once: the answer's type below, its Swagger
 * component and the schema Fastify serializes with (the only fields that go out) all come from it.
 */
const USER_PROFILE_FIELDS = viewFields({
  id: { type: 'string', format: 'uuid' },
  username: { type: 'string', example: 'ada_l' },
  email: { type: 'string', format: 'email' },
  public_name: { type: 'string', nullable: true, example: 'Ada' },
  state: { type: 'string', enum: AGGREGATE_STATES },
  roles: { type: 'array', items: { type: 'string', enum: ROLES }, example: ['user'] },
  referral_code: { type: 'string', example: 'K7PQR', description: 'give it to people you invite' },
  referred_by: { type: 'string', format: 'uuid', nullable: true, description: 'the user whose referral code you registered with' },
  created_at: { type: 'string', format: 'date-time' },
});

/** What a profile answer documents and sends (ApiResourceResponse); nothing else goes out. */
export const USER_PROFILE_RESOURCE = halResource('UserProfileResource', USER_PROFILE_FIELDS);

export type UserProfileResource = HalResourceOf<typeof USER_PROFILE_FIELDS>;

/** A profile as the API answers it (HAL): every documented field, in the API's names. */
export function userProfileResource(profile: UserProfile): UserProfileResource {
  return {
    id: profile.id,
    username: profile.username,
    email: profile.email,
    public_name: profile.publicName,
    state: profile.state,
    roles: profile.roles,
    referral_code: profile.referralCode,
    referred_by: profile.referredBy,
    created_at: profile.createdAt.toISOString(),
    _links: halLinks(userLocation(profile.id)),
  };
}

/** The administrators' list of users: each item a profile as above. */
export const USERS_PATH = '/api/v1/users';
export const USERS_EMBEDDED = 'users';
export const USER_PROFILE_PAGE_SCHEMA = halPageSchema(USERS_EMBEDDED, USER_PROFILE_RESOURCE.schema);
