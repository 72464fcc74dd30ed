export const ASSETS_SETTINGS = Symbol('ASSETS_SETTINGS');

/** The limits the assets context's handlers enforce, from its config. */
export interface AssetsSettings {
  /** MAX_UPLOAD_BYTES: the largest file accepted, declared or sent. */
  maxUploadBytes: number;
  /** STORAGE_QUOTA_MB, in bytes: what one owner may store in all. */
  storageQuotaBytes: number;
}
