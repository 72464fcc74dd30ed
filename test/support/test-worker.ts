import type { LoggerService } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { type ProcessSettings, processUnderTest } from './process-under-test';

export interface TestWorker {
  context: TestingModule;
  /** Shuts the worker down as SIGTERM does; a second call waits for the first. */
  close(): Promise<void>;
}

/** What the worker shares with the API it runs beside: the settings (so the database and the mail folder), the clock, the logger. */
export interface WorkerSettings extends ProcessSettings {
  logger: LoggerService;
}

/**
 * The worker's application context (apps/worker, as its main.ts builds it) in the test's process,
 * beside an API on the same MongoDB database: on MongoDB the worker alone relays the outbox and runs
 * the consumers, so the API's mails and cross-context flows happen here.
 */
export async function startTestWorker({ logger, ...settings }: WorkerSettings): Promise<TestWorker> {
  const context = await processUnderTest(WorkerModule, settings).compile();
  // Compiling a testing module puts Nest's (process-wide) logger back to the testing one; the worker
  // logs where the API does, so a suite reads both processes' lines in one place.
  context.useLogger(logger);
  try {
    await context.init();
  } catch (error) {
    await context.close().catch(() => undefined);
    throw error;
  }
  let closed: Promise<void> | undefined;
  return { context, close: () => (closed ??= context.close()) };
}
