import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type KernelConfig, kernelConfig, SharedModule } from '@keepem/shared';
import { AssetsModule } from '@keepem/assets';

/** What the operator's commands need: the kernel and the contexts they work on, without HTTP, relay or consumers' traffic. */
@Module({
  imports: [
    SharedModule.forRoot(),
    LoggerModule.forRootAsync({
      inject: [kernelConfig.KEY],
      useFactory: (config: KernelConfig) => ({ pinoHttp: { level: config.logLevel } }),
    }),
    AssetsModule,
  ],
})
export class CliModule {}
