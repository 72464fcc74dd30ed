/** The users context's public contract: what the apps and other contexts may use. */
export { UsersModule } from './users.module';
export { UserActivated, UserRegistered } from './domain/user.events';
export type { UserActivatedPayload, UserRegisteredPayload } from './domain/user.events';
