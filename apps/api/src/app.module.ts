import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { type KernelConfig, kernelConfig, SharedModule } from '@keepem/shared';
import {
  API_FIELD_NAMES,
  AsyncApiHttpController,
  DeadLettersAdminHttpController,
  DOCUMENTED_EVENTS,
  type DocumentedEvents,
  HealthHttpController,
  OutboxAdminHttpController,
  ProblemDetailsFilter,
  VersionHttpController,
} from '@keepem/shared/http';
import { MessagingProcessModule } from '@keepem/shared/messaging';
import { ASSETS_EVENTS, ASSETS_SUBSCRIPTIONS, AssetsJobsModule } from '@keepem/assets';
import { ASSETS_API_FIELD_NAMES, AssetsHttpModule } from '@keepem/assets/http';
import { USERS_API_FIELD_NAMES, UsersHttpModule } from '@keepem/users/http';
import { USERS_EVENTS, USERS_SUBSCRIPTIONS } from '@keepem/users';
import { LOG_DESTINATION, logDestinationProvider } from './log-destination';

/**
 * The HTTP application. In the embedded default it also relays the outbox and runs the consumers
 * (they live in the contexts' modules), so one process is the whole service; with MongoDB the worker
 * does both (ProcessRole). It runs the scheduled jobs either way.
 */
@Module({
  imports: [
    SharedModule.forRoot(),
    MessagingProcessModule.forRoot('api'),
    LoggerModule.forRootAsync({
      providers: [logDestinationProvider],
      inject: [kernelConfig.KEY, LOG_DESTINATION],
      useFactory: (config: KernelConfig, destination: DestinationStream) => ({
        // Requests are logged by Fastify's logger, with their id (see createHttpAdapter); nestjs-pino
        // is Nest's logger for everything else. Its per-request middleware is left off: it binds the
        // request logger through AsyncLocalStorage, which puts a hook on every promise, a cost each
        // request would pay for nothing. The one log line written inside a request, an unexpected
        // error, names the request id itself.
        useExisting: true,
        forRoutes: [],
        pinoHttp: {
          level: config.logLevel,
          stream: destination,
        },
      }),
    }),
    TerminusModule,
    ScheduleModule.forRoot(),
    UsersHttpModule,
    AssetsHttpModule,
    AssetsJobsModule,
  ],
  controllers: [
    HealthHttpController,
    VersionHttpController,
    OutboxAdminHttpController,
    DeadLettersAdminHttpController,
    AsyncApiHttpController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Each context's HTTP layer lists its own renames; the problem filter answers for the whole API.
    { provide: API_FIELD_NAMES, useValue: { ...USERS_API_FIELD_NAMES, ...ASSETS_API_FIELD_NAMES } },
    // The AsyncAPI document (GET /docs/asyncapi.json): what each context publishes and what its consumers read.
    {
      provide: DOCUMENTED_EVENTS,
      useValue: {
        catalogues: [USERS_EVENTS, ASSETS_EVENTS],
        subscriptions: [...USERS_SUBSCRIPTIONS, ...ASSETS_SUBSCRIPTIONS],
      } satisfies DocumentedEvents,
    },
  ],
})
export class AppModule {}
