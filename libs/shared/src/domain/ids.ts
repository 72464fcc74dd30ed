declare const brand: unique symbol;
/** A UUID v4 tagged with what it identifies, so a UserId cannot be passed where an AssetId goes. */
export type Id<Of extends string> = string & { readonly [brand]: Of };
