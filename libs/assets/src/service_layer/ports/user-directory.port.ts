export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

/** A user as the assets context knows them: its own copy, fed by the users context's integration events. */
export interface KnownUser {
  userId: string;
  username: string;
  publicName: string | null;
  /** Where release e-mails go; null until the users context has published it (user-registered / user-activated). */
  email: string | null;
  state: string;
}

/**
 * The assets context's read model of users (event-carried state transfer): it never reads the users
 * context's collections. Release views show these public profiles; release e-mails go to `email`.
 */
export interface UserDirectory {
  find(userId: string): Promise<KnownUser | null>;
  findMany(userIds: readonly string[]): Promise<KnownUser[]>;
}
