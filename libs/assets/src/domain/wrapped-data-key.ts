/**
 * A file's data key as it is stored: encrypted ("wrapped") with a key-encryption key (KEK), never in
 * clear. `keyId` names the KEK, so data keys wrapped with an older KEK stay readable after rotation.
 */
export interface WrappedDataKey {
  /** How the data key is wrapped, e.g. `aes-256-gcm`. */
  algorithm: string;
  keyId: string;
  /** base64 of what the wrapping produced (nonce, ciphertext and tag). */
  wrapped: string;
}
