import { ActivateUserHandler } from './commands/activate-user.handler';
import { LogInHandler } from './commands/log-in.handler';
import { LogOutHandler } from './commands/log-out.handler';
import { RefreshSessionHandler } from './commands/refresh-session.handler';
import { RegisterUserHandler } from './commands/register-user.handler';
import { SeedAdministratorHandler } from './commands/seed-administrator.handler';
import { NotifyBoardOfNewUser } from './policies/notify-board-of-new-user.policy';
import { SendAccountReadyEmail } from './policies/send-account-ready-email.policy';
import { SendActivationEmail } from './policies/send-activation-email.policy';
import { GetUserProfileHandler } from './queries/get-user-profile.handler';

export const USERS_COMMAND_HANDLERS = [
  RegisterUserHandler,
  ActivateUserHandler,
  LogInHandler,
  RefreshSessionHandler,
  LogOutHandler,
  SeedAdministratorHandler,
];
export const USERS_QUERY_HANDLERS = [GetUserProfileHandler];
export const USERS_POLICIES = [SendActivationEmail, NotifyBoardOfNewUser, SendAccountReadyEmail];
