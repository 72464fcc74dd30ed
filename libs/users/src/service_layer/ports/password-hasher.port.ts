export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');

/**
 * Hashing is slow on purpose, so an implementation may bound how much of it runs or waits at once:
 * `hash` and `verify` then throw UnavailableError when too much is already waiting.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Never throws for a wrong password or a malformed hash: answers false. */
  verify(hash: string, password: string): Promise<boolean>;
  /** A hash of nothing anyone knows, to spend the same time when the account does not exist. */
  readonly decoyHash: Promise<string>;
}
