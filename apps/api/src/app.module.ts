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
        // Given explicitly: nestjs-pino's default also re-adds the paths outside the API prefix,
        // which Nest 12 already does, and /health and /version were logged twice.
        forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.logLevel,
          // Reuses the id Fastify assigned (see assignRequestId), so log lines and problem bodies match.
          genReqId: (request) => String((request as { id?: unknown }).id ?? crypto.randomUUID()),
          // Only what an operator needs, so no header (credentials included) is ever logged, and
          // each request costs one small serialisation rather than the whole request object.
          quietReqLogger: true,
          serializers: {
            req: (request: { id: string; method: string; url: string }) => ({ id: request.id, method: request.method, url: request.url }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
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
