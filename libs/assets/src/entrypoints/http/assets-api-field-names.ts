import type { ApiFieldNames } from '@keepem/shared/http';

/** Where the assets API names a field otherwise than the snake_case of the domain's name. */
export const ASSETS_API_FIELD_NAMES: ApiFieldNames = {
  // The owners are given as their ids.
  owners: 'owners_id',
};
