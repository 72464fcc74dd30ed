import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { type KernelConfig, kernelConfig, SharedModule } from '@keepem/shared';
import { KafkaConsumersRunner, OutboxRelayRunner } from '@keepem/shared/messaging';
import { AssetsJobsModule, AssetsModule } from '@keepem/assets';
import { UsersModule } from '@keepem/users';

/**
 * The contexts without HTTP: relays the outbox, runs the consumers and the scheduled jobs, so the
 * API can be scaled apart from background work. Only meaningful with MongoDB, where the outbox is shared.
 * On Kafka it runs one consumer group per consuming context (KafkaConsumersRunner).
 */
@Module({
  imports: [
    SharedModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [kernelConfig.KEY],
      useFactory: (config: KernelConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    ScheduleModule.forRoot(),
    UsersModule,
    AssetsModule,
    AssetsJobsModule,
  ],
  providers: [OutboxRelayRunner, KafkaConsumersRunner],
})
export class WorkerModule {}
