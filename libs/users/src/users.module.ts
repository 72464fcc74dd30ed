import { Global, Module } from '@nestjs/common';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { ACCESS_TOKEN_VERIFIER } from '@keepem/shared/service_layer';
import { Argon2PasswordHasher } from './adapters/argon2-password.hasher';
import { BoundedPasswordHasher } from './adapters/bounded-password.hasher';
import { DocumentUserProfileView } from './adapters/document-user-profile.view';
import { JwtTokenService } from './adapters/jwt-token.service';
import { UsersPersistenceRegistration } from './adapters/users-persistence.registration';
import { UsersEventsConsumer } from './entrypoints/consumers/users-events.consumer';
import { AdministratorSeeder } from './entrypoints/jobs/administrator.seeder';
import { PASSWORD_HASHER } from './service_layer/ports/password-hasher.port';
import { TOKEN_SERVICE } from './service_layer/ports/token-service.port';
import { USER_PROFILE_VIEW } from './service_layer/ports/user-profile.view.port';
import { USERS_SETTINGS, UsersSettings } from './service_layer/ports/users-settings.port';
import { USERS_COMMAND_HANDLERS, USERS_POLICIES, USERS_QUERY_HANDLERS } from './service_layer/users.handlers';
import { UsersPublicationsRegistration } from './service_layer/users.publications';
import { type UsersConfig, usersConfig, UsersConfigModule } from './users.config';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The users context without HTTP: its handlers, adapters, consumers and jobs, which the API and the
 * worker both run. It is global for one export: the users context issues access tokens, so it is
 * the one that checks them for every context's controllers (through the kernel's verifier port).
 */
@Global()
@Module({
  imports: [UsersConfigModule],
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
    AdministratorSeeder,
  ],
  exports: [ACCESS_TOKEN_VERIFIER],
})
export class UsersModule {}
