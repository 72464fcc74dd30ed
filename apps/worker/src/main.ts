import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  if (!process.env.MONGODB_URL) {
    // The embedded driver keeps data inside one process: a separate worker would relay an empty outbox.
    throw new Error('The worker needs MONGODB_URL; on the embedded default the API relays the outbox itself');
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGINT', 'SIGTERM', 'SIGHUP']);
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
