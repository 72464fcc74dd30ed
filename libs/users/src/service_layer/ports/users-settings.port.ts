export const USERS_SETTINGS = Symbol('USERS_SETTINGS');

/** The few settings the users context's policies need, so they do not depend on the config adapter. */
export interface UsersSettings {
  /** Base of links in e-mails. */
  publicApiUrl: string;
  /** Where "new user" notices go; none when unset. */
  boardEmail?: string;
  /** The page a password reset e-mail links to, with `?token=`: where the user chooses a new password. */
  passwordResetUrl: string;
  /** The longest a session lasts from its login, however often it is refreshed (SESSION_MAX_DAYS). */
  sessionMaxLifetimeMs: number;
}
