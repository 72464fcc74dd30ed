import { eventContract } from '@keepem/shared/contracts';
import { USERS_SOURCE } from './users.source';

/**
 * Someone asked for a password reset link for an active account. The users context mails the link
 * (made when the mail is sent, so the event carries no token); published so that the request
 * reaches that mail through the outbox, and so that others may watch for bursts of them.
 */
export type PasswordResetRequestedV1 = {
  user_id: string;
  username: string;
  /** The account's address, where the link goes. */
  email: string;
  requested_at: string;
};

export const PASSWORD_RESET_REQUESTED_V1 = eventContract<PasswordResetRequestedV1>(USERS_SOURCE, 'password-reset-requested', 1);
