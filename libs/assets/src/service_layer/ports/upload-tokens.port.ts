export const UPLOAD_TOKENS = Symbol('UPLOAD_TOKENS');

/** Who may send which asset's file: an upload token is good for one asset and one user. */
export interface UploadGrant {
  assetId: string;
  userId: string;
}

/** Short-lived tokens that let the creator of an asset upload its file (the upload URL carries one). */
export interface UploadTokens {
  /** A token for `grant`, valid for UPLOAD_TOKEN_TTL_SECONDS. */
  issue(grant: UploadGrant): string;
  /**
   * Throws an InvalidUploadTokenError (a domain error) unless `token` is intact, unexpired, of the
   * upload kind and for exactly this asset and user.
   */
  verify(token: string, grant: UploadGrant): void;
}
