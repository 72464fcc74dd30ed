import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { AppModule } from './app.module';
import { configureHttpApp, createHttpAdapter } from './http-app';

async function bootstrap(): Promise<void> {
  // The adapter exists before the app does, so it reads the kernel's settings itself; importing
  // AppModule has already loaded .env.<ENVIRONMENT> into the environment they are read from.
  const requestLog = { level: kernelConfig().logLevel, stream: pino.destination(1) };
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(requestLog), { bufferLogs: true });
  await configureHttpApp(app);
  const config = app.get<KernelConfig>(kernelConfig.KEY);
  await app.listen({ port: config.port, host: config.host });
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name the variable; print them plainly and stop.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
