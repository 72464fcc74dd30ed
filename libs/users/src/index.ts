/** The users context's public contract: its published events and its Nest module (the HTTP module is `@keepem/users/http`). */
export * from './contracts';
export { UsersModule } from './users.module';
