declare const brand: unique symbol;
/** A UUID v4 tagged with what it identifies, so a UserId cannot be passed where an AssetId goes. */
export type Id<Of extends string> = string & { readonly [brand]: Of };

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function newId<Of extends string>(): Id<Of> {
  return crypto.randomUUID() as Id<Of>;
}

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}
