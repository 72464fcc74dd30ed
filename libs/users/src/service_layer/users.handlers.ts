import { ActivateUserHandler } from './commands/activate-user.handler';
import { ChangePasswordHandler } from './commands/change-password.handler';
import { ChangePublicNameHandler } from './commands/change-public-name.handler';
import { LogInHandler } from './commands/log-in.handler';
import { LogOutHandler } from './commands/log-out.handler';
import { RefreshSessionHandler } from './commands/refresh-session.handler';
import { RegisterUserHandler } from './commands/register-user.handler';
import { RequestPasswordResetHandler } from './commands/request-password-reset.handler';
import { ResetPasswordHandler } from './commands/reset-password.handler';
import { SeedAdministratorHandler } from './commands/seed-administrator.handler';
import { NotifyBoardWhenUserRegistered } from './policies/notify-board-when-user-registered.policy';
import { SendAccountReadyEmailWhenUserActivated } from './policies/send-account-ready-email-when-user-activated.policy';
import { SendActivationEmailWhenUserRegistered } from './policies/send-activation-email-when-user-registered.policy';
import { SendPasswordResetEmailWhenRequested } from './policies/send-password-reset-email-when-requested.policy';
import { GetUserProfileHandler } from './queries/get-user-profile.handler';

export const USERS_COMMAND_HANDLERS = [
  RegisterUserHandler,
  ActivateUserHandler,
  LogInHandler,
  RefreshSessionHandler,
  LogOutHandler,
  SeedAdministratorHandler,
  ChangePublicNameHandler,
  ChangePasswordHandler,
  RequestPasswordResetHandler,
  ResetPasswordHandler,
];
export const USERS_QUERY_HANDLERS = [GetUserProfileHandler];
export const USERS_POLICIES = [
  SendActivationEmailWhenUserRegistered,
  NotifyBoardWhenUserRegistered,
  SendAccountReadyEmailWhenUserActivated,
  SendPasswordResetEmailWhenRequested,
];
