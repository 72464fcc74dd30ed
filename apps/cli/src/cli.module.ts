import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type KernelConfig, kernelConfig, SharedModule } from '@keepem/shared';
import { MessagingProcessModule } from '@keepem/shared/messaging';
import { AssetsModule } from '@keepem/assets';

/** What the operator's commands need: the kernel and the contexts they work on, without HTTP, relay or consumers' traffic. */
@Module({
  imports: [
    SharedModule.forRoot(),
    MessagingProcessModule.forRoot('cli'),
    LoggerModule.forRootAsync({
      inject: [kernelConfig.KEY],
      useFactory: (config: KernelConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    AssetsModule,
  ],
})
export class CliModule {}
