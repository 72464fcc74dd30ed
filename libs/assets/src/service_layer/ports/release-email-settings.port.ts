export const RELEASE_EMAIL_SETTINGS = Symbol('RELEASE_EMAIL_SETTINGS');

/** What the release e-mails need besides the users they go to. */
export interface ReleaseEmailSettings {
  /** PUBLIC_API_URL, without a trailing slash: the links in the e-mails start with it. */
  publicApiUrl: string;
}
