import type { EventSubscription } from '@keepem/shared/messaging';
import { KEEP_REQUESTED_V1 } from '../../contracts/keep-requested.v1';
import { PASSWORD_RESET_REQUESTED_V1 } from '../../contracts/password-reset-requested.v1';
import { USER_ACTIVATED_V1 } from '../../contracts/user-activated.v1';
import { USER_REGISTERED_V1 } from '../../contracts/user-registered.v1';

/** What the users context's consumers (UsersEventsConsumer, UsersKeepsConsumer) read, for the AsyncAPI document. */
export const USERS_SUBSCRIPTIONS: readonly EventSubscription[] = [
  {
    consumer: 'users.activation-email',
    contract: USER_REGISTERED_V1,
    summary: 'E-mails the activation link to a new account that needs one',
  },
  {
    consumer: 'users.board-notice',
    contract: USER_REGISTERED_V1,
    summary: 'E-mails a short notice of the sign-up to the board (BOARD_EMAIL)',
  },
  { consumer: 'users.account-ready-email', contract: USER_ACTIVATED_V1, summary: 'E-mails "your account is ready" to the activated user' },
  {
    consumer: 'users.password-reset-email',
    contract: PASSWORD_RESET_REQUESTED_V1,
    summary: "E-mails the password reset link to the account's address",
  },
  {
    consumer: 'users.keep-requested-email',
    contract: KEEP_REQUESTED_V1,
    summary: 'E-mails the requested user who asked, with the link to answer',
  },
  {
    consumer: 'users.referral-keep',
    contract: USER_ACTIVATED_V1,
    summary: 'Asks, for a referred user who became active, a keep of the user whose referral code they gave',
  },
];
