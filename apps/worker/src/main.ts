import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { kernelConfig } from '@keepem/shared';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // The embedded driver keeps data inside one process: a separate worker would relay an empty
  // outbox. Importing WorkerModule has loaded .env.<ENVIRONMENT>, so the file's MONGODB_URL counts.
  if (kernelConfig().persistence.driver !== 'mongo') {
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
