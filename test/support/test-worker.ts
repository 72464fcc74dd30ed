import type { LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { type KernelConfig, kernelConfig } from '@keepem/shared';
import { CLOCK } from '@keepem/shared/service_layer';
import type { ManualClock } from '@keepem/shared/testing';
import { assetsConfig } from '../../libs/assets/src/assets.config';
import { usersConfig } from '../../libs/users/src/users.config';
import { takingTurnsOnTheWireLane } from './wire-lane-serialization';

export interface TestWorker {
  context: TestingModule;
  /** Shuts the worker down as SIGTERM does; a second call waits for the first. */
  close(): Promise<void>;
}

/** What the worker shares with the API it runs beside: the settings (so the database and the mail folder), the clock, the logger. */
export interface WorkerSettings {
  variables: Record<string, string | undefined>;
  config: KernelConfig;
  clock: ManualClock;
  logger: LoggerService;
}

/**
 * The worker's application context (apps/worker, as its main.ts builds it) in the test's process,
 * beside an API on the same MongoDB database: on MongoDB the worker alone relays the outbox and runs
 * the consumers, so the API's mails and cross-context flows happen here.
 */
export async function startTestWorker({ variables, config, clock, logger }: WorkerSettings): Promise<TestWorker> {
  const context = await takingTurnsOnTheWireLane(Test.createTestingModule({ imports: [WorkerModule] }))
    .overrideProvider(kernelConfig.KEY)
    .useValue(config)
    .overrideProvider(usersConfig.KEY)
    .useValue(usersConfig(variables))
    .overrideProvider(assetsConfig.KEY)
    .useValue(assetsConfig(variables))
    .overrideProvider(CLOCK)
    .useValue(clock)
    .compile();
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
