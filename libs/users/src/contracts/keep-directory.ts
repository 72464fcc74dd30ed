/**
 * A query port the users context answers for other contexts, synchronously: which of some users
 * are active keeps of another. The assets context asks it before scheduling or releasing a
 * legacy (its receivers must be keeps of the owner). The users context provides KEEP_DIRECTORY
 * from its global module.
 */
export interface KeepDirectory {
  /** Those of `userIds` who have an active keep with `userId`, in the order given. */
  activeKeepsOf(userId: string, userIds: readonly string[]): Promise<string[]>;
}

export const KEEP_DIRECTORY = Symbol('KEEP_DIRECTORY');
