/**
 * The assets context's public contract: its published events, its Nest module and its scheduled
 * jobs' module (the HTTP module is `@keepem/assets/http`, the operator commands `@keepem/assets/cli`).
 */
export * from './contracts';
export { AssetsModule } from './assets.module';
export { AssetsJobsModule } from './assets-jobs.module';
export { ReleaseTimeJob } from './entrypoints/jobs/release-time.job';
export { ASSETS_SUBSCRIPTIONS } from './entrypoints/consumers/assets.subscriptions';
