/**
 * The kernel's Nest module and settings. Everything else is imported from the entry point of its
 * layer: `@keepem/shared/domain`, `/service_layer`, `/persistence`, `/http`, `/messaging`, `/testing`.
 */
export { SharedModule } from './shared.module';
export { AppConfig } from './adapters/config/app-config';
export { requestLogLevel } from './adapters/config/environment-variables';
