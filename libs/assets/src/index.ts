/** The assets context's public contract: its published events and its Nest module (the HTTP module is `@keepem/assets/http`, the operator commands `@keepem/assets/cli`). */
export * from './contracts';
export { AssetsModule } from './assets.module';
