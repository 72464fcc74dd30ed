import { AGGREGATE_STATES } from '@keepem/shared/domain';
import { type FieldValues, viewFields } from '@keepem/shared/service_layer';

/**
 * What a user may see of their own account, declared once: the profile's type below and the
 * profile answer's schema (documented in Swagger, and the only fields Fastify serializes) both come
 * from this list.
 */
export const USER_PROFILE_FIELDS = viewFields({
  id: { type: 'string', format: 'uuid' },
  username: { type: 'string', example: 'ada_l' },
  email: { type: 'string', format: 'email' },
  public_name: { type: 'string', nullable: true, example: 'Ada' },
  state: { type: 'string', enum: AGGREGATE_STATES },
  roles: { type: 'array', items: { type: 'string' }, example: ['user'] },
  referral_code: { type: 'string', example: 'K7PQR', description: 'give it to people you invite' },
  referred_by: { type: 'string', format: 'uuid', nullable: true, description: 'the user whose referral code you registered with' },
  created_at: { type: 'string', format: 'date-time' },
});

export type UserProfile = FieldValues<typeof USER_PROFILE_FIELDS>;
