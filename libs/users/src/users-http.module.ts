import { Module } from '@nestjs/common';
import { AddressRateLimitGuard } from './entrypoints/http/address-rate-limit.guard';
import { AuthHttpController } from './entrypoints/http/auth.http.controller';
import { KeepsAdminHttpController } from './entrypoints/http/keeps-admin.http.controller';
import { KeepsHttpController } from './entrypoints/http/keeps.http.controller';
import { FeedbackHttpController } from './entrypoints/http/feedback.http.controller';
import { LoginRateLimitGuard } from './entrypoints/http/login-rate-limit.guard';
import { MeHttpController } from './entrypoints/http/me.http.controller';
import { PendingActionsHttpController } from './entrypoints/http/pending-actions.http.controller';
import { DetachedCommands } from './entrypoints/http/detached-commands';
import { PasswordChangeRateLimitGuard } from './entrypoints/http/password-change-rate-limit.guard';
import { RateLimiters } from './entrypoints/http/rate-limits';
import { UsersAdminHttpController } from './entrypoints/http/users-admin.http.controller';
import { RemindersHttpController } from './entrypoints/http/reminders.http.controller';
import { UsersHttpController } from './entrypoints/http/users.http.controller';
import { UsersConfigModule } from './users.config';
import { UsersModule } from './users.module';

export { USERS_API_FIELD_NAMES } from './entrypoints/http/users-api-field-names';

/** The users context's HTTP API, for the API app only: the worker runs UsersModule without it. */
@Module({
  imports: [UsersModule, UsersConfigModule],
  controllers: [
    UsersHttpController,
    UsersAdminHttpController,
    AuthHttpController,
    MeHttpController,
    KeepsHttpController,
    KeepsAdminHttpController,
    PendingActionsHttpController,
    RemindersHttpController,
    FeedbackHttpController,
  ],
  providers: [RateLimiters, LoginRateLimitGuard, AddressRateLimitGuard, PasswordChangeRateLimitGuard, DetachedCommands],
})
export class UsersHttpModule {}
