import { ActivateUserHandler } from './commands/activate-user.handler';
import { AddRemindersHandler } from './commands/add-reminders.handler';
import { GiveFeedbackHandler } from './commands/give-feedback.handler';
import { LogInHandler } from './commands/log-in.handler';
import { LogOutHandler } from './commands/log-out.handler';
import { RefreshSessionHandler } from './commands/refresh-session.handler';
import { RegisterUserHandler } from './commands/register-user.handler';
import { RemoveRemindersHandler } from './commands/remove-reminders.handler';
import { SeedAdministratorHandler } from './commands/seed-administrator.handler';
import { NotifyBoardWhenUserRegistered } from './policies/notify-board-when-user-registered.policy';
import { SendAccountReadyEmailWhenUserActivated } from './policies/send-account-ready-email-when-user-activated.policy';
import { SendActivationEmailWhenUserRegistered } from './policies/send-activation-email-when-user-registered.policy';
import { GetFeedbackFormsHandler } from './queries/get-feedback-forms.handler';
import { GetMyFeedbackHandler } from './queries/get-my-feedback.handler';
import { GetRemindersHandler } from './queries/get-reminders.handler';
import { GetUserProfileHandler } from './queries/get-user-profile.handler';

export const USERS_COMMAND_HANDLERS = [
  RegisterUserHandler,
  ActivateUserHandler,
  LogInHandler,
  RefreshSessionHandler,
  LogOutHandler,
  SeedAdministratorHandler,
  AddRemindersHandler,
  RemoveRemindersHandler,
  GiveFeedbackHandler,
];
export const USERS_QUERY_HANDLERS = [GetUserProfileHandler, GetRemindersHandler, GetFeedbackFormsHandler, GetMyFeedbackHandler];
export const USERS_POLICIES = [
  SendActivationEmailWhenUserRegistered,
  NotifyBoardWhenUserRegistered,
  SendAccountReadyEmailWhenUserActivated,
];
