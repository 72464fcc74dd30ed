/**
 * Domain field name → the API's name for it, for the fields whose API name is not simply the
 * snake_case of the domain's (the activation route calls the activation token `token`). Each
 * context's HTTP layer lists its own; the app merges them under API_FIELD_NAMES.
 */
export type ApiFieldNames = Readonly<Record<string, string>>;

export const API_FIELD_NAMES = Symbol('API_FIELD_NAMES');

/**
 * The API's name for a field that an error names in the domain's words. The API speaks snake_case
 * and the domain camelCase, so `referralCode` is `referral_code` unless `renamed` says otherwise. A
 * dotted path is renamed segment by segment; a name without a lower-case letter before an upper-case
 * one (`email`, `ADMIN_EMAIL`) is left as it is.
 */
export function apiFieldName(field: string, renamed: ApiFieldNames = {}): string {
  return renamed[field] ?? field.replace(/(?<=[a-z0-9])[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
