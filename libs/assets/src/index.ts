/** The assets context's public contract: its published events and its Nest module (the HTTP module is `@keepem/assets/http`). */
export * from './contracts';
export { AssetsModule } from './assets.module';
export { ASSETS_CLI_COMMANDS, type CliCommand } from './entrypoints/cli/assets.cli-commands';
