/**
 * The kernel's Nest module, its settings, and what each context validates its own settings with.
 * Everything else is imported from the entry point of its layer: `@keepem/shared/domain`,
 * `/service_layer`, `/persistence`, `/http`, `/messaging`, `/testing`.
 */
export { SharedModule } from './shared.module';
export { kernelConfig, requestLogLevel } from './adapters/config/kernel.config';
export type { KernelConfig, MailSettings } from './adapters/config/kernel.config';
export {
  emptyToUndefined,
  EnvironmentVariables,
  secretOrEphemeral,
  secretRequirement,
  validateEnvironment,
} from './adapters/config/validate-environment';
export type { Environment, Requirement } from './adapters/config/validate-environment';
