import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { AppConfig, requestLogLevel } from '@keepem/shared';
import { AppModule } from './app.module';
import { configureHttpApp, createHttpAdapter } from './http-app';

async function bootstrap(): Promise<void> {
  // The adapter exists before the validated AppConfig does; importing AppModule has already loaded
  // .env.<ENVIRONMENT>, and a wrong LOG_LEVEL is reported by AppConfig a moment later.
  const requestLog = { level: requestLogLevel(process.env.LOG_LEVEL), stream: pino.destination(1) };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(requestLog), { bufferLogs: true });
  await configureHttpApp(app);
  const config = app.get(AppConfig);
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
