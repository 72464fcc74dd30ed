import { Module } from '@nestjs/common';
import { AssetsModule } from './assets.module';
import { ReleaseTimeJob } from './entrypoints/jobs/release-time.job';

/**
 * The assets context's scheduled jobs, for the apps that run background work (the API and the
 * worker, not the CLI). They need `ScheduleModule.forRoot()` where the app is put together.
 */
@Module({
  imports: [AssetsModule],
  providers: [ReleaseTimeJob],
})
export class AssetsJobsModule {}
