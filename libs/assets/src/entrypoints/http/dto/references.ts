import { Transform } from 'class-transformer';

const UUID_V4 = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}';

/**
 * A resource named by its id or by its API link, relative (`/api/v1/assets/{id}`) or absolute
 * (`https://api.keepem.example/api/v1/assets/{id}`): the id, lower-cased, or null when it is neither.
 */
export function referencedId(reference: unknown, path: string): string | null {
  if (typeof reference !== 'string') {
    return null;
  }
  const match = new RegExp(`^(?:(?:https?://[^/\\s]+)?${path.replaceAll('/', '\\/')}/)?(${UUID_V4})$`).exec(reference);
  return match ? match[1].toLowerCase() : null;
}

/**
 * Reads each reference of a list as the id it names (see `referencedId`), before validation: what
 * names nothing is left as sent, for `@IsUUID` to refuse, and a value that is not a list is left
 * for `@IsArray`.
 */
export function ReferencesTo(path: string): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((reference: unknown) => referencedId(reference, path) ?? reference) : value,
  );
}

export const ASSETS_API_PATH = '/api/v1/assets';
export const USERS_API_PATH = '/api/v1/users';
