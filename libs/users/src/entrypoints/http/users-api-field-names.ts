import type { ApiFieldNames } from '@keepem/shared/http';

/** Where the users API names a field otherwise than the snake_case of the domain's name. */
export const USERS_API_FIELD_NAMES: ApiFieldNames = {
  // The activation link carries it as ?token=…
  activationToken: 'token',
  // The reset request's body calls it `token`, as the reset link's query does.
  passwordResetToken: 'token',
};
