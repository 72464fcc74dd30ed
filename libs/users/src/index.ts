/** The users context's public contract: its published events, what its consumers read and its Nest module (the HTTP module is `@keepem/users/http`). */
export * from './contracts';
export { UsersModule } from './users.module';
export { USERS_SUBSCRIPTIONS } from './entrypoints/consumers/users.subscriptions';
