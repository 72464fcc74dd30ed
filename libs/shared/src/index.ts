/**
 * The kernel's Nest module and its settings. Everything else is imported from the entry point of
 * its layer: `@keepem/shared/contracts`, `/domain`, `/service_layer`, `/persistence`, `/http`,
 * `/messaging`, `/config` (what a context validates its settings with) and `/testing`.
 */
export { SharedModule } from './shared.module';
export { kernelConfig } from './adapters/config/kernel.config';
export type { KernelConfig, MailSettings } from './adapters/config/kernel.config';
