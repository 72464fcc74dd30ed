/**
 * Whom an owner keeps, as the release handlers ask it: the users context answers it through its
 * KEEP_DIRECTORY query port, which the assets module wires here (the service layer never imports
 * another context). Null where no users module runs (the assets module's own tests): a release then
 * fails loudly rather than trust anyone as a receiver.
 */
export interface OwnerKeeps {
  /** Those of `userIds` who have an active keep with `userId`, in the order given. */
  activeKeepsOf(userId: string, userIds: readonly string[]): Promise<string[]>;
}

export const OWNER_KEEPS = Symbol('OWNER_KEEPS');

export function ownerKeepsOrFail(keeps: OwnerKeeps | null | undefined): OwnerKeeps {
  if (!keeps) {
    throw new Error('KEEP_DIRECTORY is not provided: the users module answers it, and releases need it');
  }
  return keeps;
}
