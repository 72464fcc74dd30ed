import { Global, Module } from '@nestjs/common';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { ACCESS_TOKEN_VERIFIER } from '@keepem/shared/service_layer';
import { Argon2PasswordHasher } from './adapters/argon2-password.hasher';
import { BoundedPasswordHasher } from './adapters/bounded-password.hasher';
import { DocumentKeepDirectory } from './adapters/document-keep.directory';
import { DocumentKeepsView } from './adapters/document-keeps.view';
import { DocumentUserProfileView } from './adapters/document-user-profile.view';
import { DocumentUserPublicProfilesView } from './adapters/document-user-public-profiles.view';
import { DocumentFeedbackView } from './adapters/document-feedback.view';
import { DocumentUserRemindersView } from './adapters/document-user-reminders.view';
import { JwtTokenService } from './adapters/jwt-token.service';
import { UsersPersistenceRegistration } from './adapters/users-persistence.registration';
import { KEEP_DIRECTORY } from './contracts/keep-directory';
import { UsersEventsConsumer } from './entrypoints/consumers/users-events.consumer';
import { UsersKeepsConsumer } from './entrypoints/consumers/users-keeps.consumer';
import { AdministratorSeeder } from './entrypoints/jobs/administrator.seeder';
import { KEEPS_VIEW } from './service_layer/ports/keeps.view.port';
import { PASSWORD_HASHER } from './service_layer/ports/password-hasher.port';
import { TOKEN_SERVICE } from './service_layer/ports/token-service.port';
import { USER_PROFILE_VIEW } from './service_layer/ports/user-profile.view.port';
import { USER_PUBLIC_PROFILES_VIEW } from './service_layer/ports/user-public-profiles.view.port';
import { FeedbackForms } from './domain/feedback-form';
import { type FeedbackConfig, feedbackConfig, FeedbackConfigModule } from './feedback.config';
import { FEEDBACK_FORMS } from './service_layer/ports/feedback-forms.port';
import { FEEDBACK_VIEW } from './service_layer/ports/feedback.view.port';
import { USER_REMINDERS_VIEW } from './service_layer/ports/user-reminders.view.port';
import { USERS_SETTINGS, UsersSettings } from './service_layer/ports/users-settings.port';
import { USERS_COMMAND_HANDLERS, USERS_POLICIES, USERS_QUERY_HANDLERS } from './service_layer/users.handlers';
import { UsersPublicationsRegistration } from './service_layer/users.publications';
import { type UsersConfig, usersConfig, UsersConfigModule } from './users.config';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The users context without HTTP: its handlers, adapters, consumers and jobs, which the API and the
 * worker both run. It is global for two exports: the users context issues access tokens, so it is
 * the one that checks them for every context's controllers (through the kernel's verifier port);
 * and it answers KEEP_DIRECTORY, which the assets context asks about a legacy's receivers.
 */
@Global()
@Module({
  imports: [UsersConfigModule, FeedbackConfigModule],
  providers: [
    UsersPersistenceRegistration,
    UsersPublicationsRegistration,
    {
      provide: PASSWORD_HASHER,
      inject: [usersConfig.KEY],
      useFactory: (users: UsersConfig) => new BoundedPasswordHasher(new Argon2PasswordHasher(), users.passwordHashing),
    },
    { provide: TOKEN_SERVICE, useClass: JwtTokenService },
    { provide: ACCESS_TOKEN_VERIFIER, useExisting: TOKEN_SERVICE },
    { provide: USER_PROFILE_VIEW, useClass: DocumentUserProfileView },
    { provide: USER_PUBLIC_PROFILES_VIEW, useClass: DocumentUserPublicProfilesView },
    { provide: KEEPS_VIEW, useClass: DocumentKeepsView },
    { provide: KEEP_DIRECTORY, useClass: DocumentKeepDirectory },
    { provide: USER_REMINDERS_VIEW, useClass: DocumentUserRemindersView },
    { provide: FEEDBACK_FORMS, inject: [feedbackConfig.KEY], useFactory: (config: FeedbackConfig) => new FeedbackForms(config.forms) },
    { provide: FEEDBACK_VIEW, useClass: DocumentFeedbackView },
    {
      provide: USERS_SETTINGS,
      inject: [usersConfig.KEY, kernelConfig.KEY],
      useFactory: (users: UsersConfig, kernel: KernelConfig): UsersSettings => ({
        publicApiUrl: kernel.publicApiUrl,
        boardEmail: users.boardEmail,
        // Where a web client on the API's origin would show its reset page; see README.
        passwordResetUrl: users.passwordResetUrl ?? `${kernel.publicApiUrl}/reset-password`,
        sessionMaxLifetimeMs: users.sessionMaxDays * DAY_MS,
      }),
    },
    ...USERS_COMMAND_HANDLERS,
    ...USERS_QUERY_HANDLERS,
    ...USERS_POLICIES,
    UsersEventsConsumer,
    UsersKeepsConsumer,
    AdministratorSeeder,
  ],
  exports: [ACCESS_TOKEN_VERIFIER, KEEP_DIRECTORY],
})
export class UsersModule {}
