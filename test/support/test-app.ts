import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../apps/api/src/app.module';
import { configureHttpApp, createHttpAdapter } from '../../apps/api/src/http-app';
import { LOG_DESTINATION } from '../../apps/api/src/log-destination';
import { Logger } from 'nestjs-pino';
import { kernelConfig } from '@keepem/shared';
import { ProcessRole } from '@keepem/shared/service_layer';
import { ManualClock } from '@keepem/shared/testing';
import { uniqueDatabaseName } from './mongo-replica-set';
import { processUnderTest } from './process-under-test';
import { startTestWorker, type TestWorker } from './test-worker';

export const TEST_JWT_SECRET = 'e2e-secret-'.padEnd(48, 'x');

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  clock: ManualClock;
  mailDirectory: string;
  /** Where the local storage driver keeps files: a fresh temporary directory unless STORAGE_DIR was given. */
  storageDirectory: string;
  /** The worker beside the API, on MongoDB (where it alone relays and consumes); null on the embedded default. */
  worker: TestWorker | null;
  /** Starts the worker, for an app started with `{ worker: 'later' }`; answers the running one if there is one. */
  startWorker(): Promise<TestWorker>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /**
   * On MongoDB the worker starts with the API unless this says `later` (a test of what the API does
   * alone); on the embedded default the API relays and consumes itself and no worker is wanted.
   */
  worker?: 'with-api' | 'later';
}

/**
 * On the wire lane (MONGODB_URL set by its global setup) each app gets a database of its own, as
 * if it had the server to itself.
 */
function databaseOfItsOwn(): { MONGODB_URL?: string } {
  const server = process.env.MONGODB_URL;
  if (!server) {
    return {};
  }
  const url = new URL(server);
  url.pathname = `/${uniqueDatabaseName('e2e')}`;
  return { MONGODB_URL: url.toString() };
}

/**
 * The whole API in process on the embedded default, as a client meets it: HTTP through Fastify,
 * e-mails written as .eml files to a folder of its own, time under the test's control. On MongoDB
 * (the wire lane) the worker runs beside it, in the same process, as production splits the two.
 */
export async function startTestApp(
  environment: Record<string, string> = {},
  logDestination?: Writable,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const mailDirectory = await mkdtemp(join(tmpdir(), 'keepem-mail-'));
  const ownStorage = environment.STORAGE_DIR === undefined ? await mkdtemp(join(tmpdir(), 'keepem-storage-')) : undefined;
  const clock = new ManualClock();
  const variables = {
    ...databaseOfItsOwn(),
    ENVIRONMENT: 'dev',
    JWT_SECRET_KEY: TEST_JWT_SECRET,
    DATA_KEY_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    PUBLIC_API_URL: 'http://keepem.test',
    MAIL_DIR: mailDirectory,
    STORAGE_DIR: ownStorage ?? environment.STORAGE_DIR,
    OUTBOX_POLL_INTERVAL_MS: '50',
    OUTBOX_RETRY_BASE_MS: '50',
    LOG_LEVEL: 'silent',
    // Every suite signs up far more users than one address may in an hour, all from this machine;
    // the suite about that limit sets its own.
    SIGNUP_LIMIT_PER_IP_PER_HOUR: '100000',
    KEEP_REQUEST_LIMIT_PER_IP_PER_HOUR: '100000',
    ...environment,
  };
  const config = kernelConfig(variables);
  const destination = logDestination ?? new Writable({ write: (_chunk, _encoding, done) => done() });
  const moduleRef = await processUnderTest(AppModule, { variables, config, clock })
    .overrideProvider(LOG_DESTINATION)
    .useValue(destination)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter({ level: config.logLevel, stream: destination }), {
    logger: false,
  });
  await configureHttpApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const workerWanted = !app.get(ProcessRole).relaysOutbox;
  /** The one worker's start, shared by every startWorker() call; forgotten if it failed, so it can be tried again. */
  let workerStart: Promise<TestWorker> | null = null;
  const testApp: TestApp = {
    app,
    http: () => request(app.getHttpServer()),
    clock,
    mailDirectory,
    storageDirectory: variables.STORAGE_DIR,
    worker: null,
    startWorker: () => {
      workerStart ??= startTestWorker({ variables, config, clock, logger: app.get(Logger) }).then(
        (worker) => (testApp.worker = worker),
        (error: unknown) => {
          workerStart = null;
          throw error;
        },
      );
      return workerStart;
    },
    close: async () => {
      try {
        await app.close();
      } finally {
        try {
          const worker = await workerStart?.catch(() => null);
          await worker?.close();
        } finally {
          if (ownStorage) {
            await rm(ownStorage, { recursive: true, force: true });
          }
        }
      }
    },
  };
  if (workerWanted && options.worker !== 'later') {
    await testApp.startWorker().catch(async (error: unknown) => {
      await testApp.close();
      throw error;
    });
  }
  return testApp;
}
