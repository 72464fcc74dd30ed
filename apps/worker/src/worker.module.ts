import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { type KernelConfig, kernelConfig, SharedModule } from '@keepem/shared';
import { MessagingProcessModule } from '@keepem/shared/messaging';
import { AssetsJobsModule, AssetsModule } from '@keepem/assets';
import { UsersModule } from '@keepem/users';

/**
 * The contexts without HTTP: relays the outbox, runs the consumers and the scheduled jobs, so the
 * API can be scaled apart from background work. Only meaningful with MongoDB, where the outbox is
 * shared; there it is the only process that relays and consumes (ProcessRole), on Kafka through one
 * consumer group per consuming context.
 */
@Module({
  imports: [
    SharedModule.forRoot(),
    MessagingProcessModule.forRoot('worker'),
    LoggerModule.forRootAsync({
      inject: [kernelConfig.KEY],
      useFactory: (config: KernelConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    ScheduleModule.forRoot(),
    UsersModule,
    AssetsModule,
    AssetsJobsModule,
  ],
})
export class WorkerModule {}
