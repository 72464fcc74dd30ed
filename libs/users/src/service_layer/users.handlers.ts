import { AcceptKeepHandler } from './commands/accept-keep.handler';
import { ActivateUserHandler } from './commands/activate-user.handler';
import { AdminActivateUserHandler } from './commands/admin-activate-user.handler';
import { DeclineKeepHandler } from './commands/decline-keep.handler';
import { AddRemindersHandler } from './commands/add-reminders.handler';
import { GiveFeedbackHandler } from './commands/give-feedback.handler';
import { ChangePasswordHandler } from './commands/change-password.handler';
import { ChangePublicNameHandler } from './commands/change-public-name.handler';
import { LogInHandler } from './commands/log-in.handler';
import { LogOutHandler } from './commands/log-out.handler';
import { RefreshSessionHandler } from './commands/refresh-session.handler';
import { RegisterUserHandler } from './commands/register-user.handler';
import { RemoveUserHandler } from './commands/remove-user.handler';
import { RequestKeepHandler } from './commands/request-keep.handler';
import { RemoveRemindersHandler } from './commands/remove-reminders.handler';
import { RequestPasswordResetHandler } from './commands/request-password-reset.handler';
import { ResetPasswordHandler } from './commands/reset-password.handler';
import { SeedAdministratorHandler } from './commands/seed-administrator.handler';
import { NotifyBoardWhenUserRegistered } from './policies/notify-board-when-user-registered.policy';
import { SendAccountReadyEmailWhenUserActivated } from './policies/send-account-ready-email-when-user-activated.policy';
import { SendActivationEmailWhenUserRegistered } from './policies/send-activation-email-when-user-registered.policy';
import { SendKeepRequestedEmail } from './policies/send-keep-requested-email.policy';
import { GetKeepHandler } from './queries/get-keep.handler';
import { GetPendingActionsHandler } from './queries/get-pending-actions.handler';
import { GetFeedbackFormsHandler } from './queries/get-feedback-forms.handler';
import { GetMyFeedbackHandler } from './queries/get-my-feedback.handler';
import { GetRemindersHandler } from './queries/get-reminders.handler';
import { SendPasswordResetEmailWhenRequested } from './policies/send-password-reset-email-when-requested.policy';
import { GetUserProfileHandler } from './queries/get-user-profile.handler';
import { ListUsersHandler } from './queries/list-users.handler';
import { ListKeepsHandler } from './queries/list-keeps.handler';

export const USERS_COMMAND_HANDLERS = [
  RegisterUserHandler,
  ActivateUserHandler,
  LogInHandler,
  RefreshSessionHandler,
  LogOutHandler,
  SeedAdministratorHandler,
  RemoveUserHandler,
  AdminActivateUserHandler,
  RequestKeepHandler,
  AcceptKeepHandler,
  DeclineKeepHandler,
  AddRemindersHandler,
  RemoveRemindersHandler,
  GiveFeedbackHandler,
  ChangePublicNameHandler,
  ChangePasswordHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
];
export const USERS_QUERY_HANDLERS = [
  GetUserProfileHandler,
  ListUsersHandler,
  ListKeepsHandler,
  GetKeepHandler,
  GetPendingActionsHandler,
  GetRemindersHandler,
  GetFeedbackFormsHandler,
  GetMyFeedbackHandler,
];
export const USERS_POLICIES = [
  SendActivationEmailWhenUserRegistered,
  NotifyBoardWhenUserRegistered,
  SendAccountReadyEmailWhenUserActivated,
  SendKeepRequestedEmail,
  SendPasswordResetEmailWhenRequested,
];
