import { Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import {
  AppConfig,
  HealthHttpController,
  OutboxRelayRunner,
  ProblemDetailsFilter,
  SharedModule,
  VersionHttpController,
} from '@keepem/shared';
import { AssetsModule } from '@keepem/assets';
import { UsersModule } from '@keepem/users';
import { LOG_DESTINATION, logDestinationProvider } from './log-destination';

/**
 * The HTTP application. In the embedded default it also relays the outbox and runs the consumers
 * (they live in the contexts' modules), so one process is the whole service.
 */
@Module({
  imports: [
    SharedModule.forRoot(),
    LoggerModule.forRootAsync({
      providers: [logDestinationProvider],
      inject: [AppConfig, LOG_DESTINATION],
      useFactory: (config: AppConfig, destination: DestinationStream) => ({
        // Requests are logged by Fastify's logger (see createHttpAdapter); nestjs-pino reuses it
        // inside a request and logs everything else. Its wildcard route is given explicitly: the
        // default also re-adds the paths outside the API prefix, which Nest 12 already does.
        useExisting: true,
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          stream: destination,
        },
      }),
    }),
    TerminusModule,
    UsersModule,
    AssetsModule,
  ],
  controllers: [HealthHttpController, VersionHttpController],
  providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }, OutboxRelayRunner],
})
export class AppModule {}
