import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { MAILER, type Mailer } from '@keepem/shared/service_layer';
import { eventually } from '../support/eventually';
import { collectingLogDestination } from '../support/log-lines';
import { readMails } from '../support/mail-directory';
import { startTestApp, type TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';
import { activationLink, newRegistration, register } from '../support/users-client';

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
}

const WARN = 40;
const ERROR = 50;

/** On MongoDB only: there the API and the worker are two processes over one outbox. */
const onMongoDb = process.env.MONGODB_URL ? describe : describe.skip;
const onTheEmbeddedDefault = process.env.MONGODB_URL ? it.skip : it;
if (!process.env.MONGODB_URL) {
  console.warn('skipped: the API + worker split on MongoDB (no MONGODB_URL: `npm run test:e2e:wire` runs it on the wire lane)');
}

/** A registration's users.user-registered.v1 record, read through the admin outbox API. */
async function registrationRecord(admin: AdminClient, userId: string): Promise<{ state: string; attempts: number } | undefined> {
  const records = (await admin.outboxOf(userId)) as unknown as Array<{ type: string; state: string; attempts: number }>;
  return records.find((record) => record.type === 'users.user-registered.v1');
}

/**
 * Every app of this file logs here, at warn: nestjs-pino keeps one root logger per module registry
 * (per test file), made with the first app's destination and level. Each test reads the lines
 * written since it started.
 */
const log = collectingLogDestination<LogLine>();
const LOGGED = { LOG_LEVEL: 'warn' };
const linesSince = (start: number) => log.lines.slice(start);

/** Real time for the API's own relay to have delivered, were it relaying: many poll intervals. */
const longerThanAnyRelayNeeds = () => new Promise((resolve) => setTimeout(resolve, 1_000));

describe('Which process relays the outbox', () => {
  jest.setTimeout(30_000);
  let app: TestApp | undefined;
  let firstLine = 0;

  beforeEach(() => {
    firstLine = log.lines.length;
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  onTheEmbeddedDefault('is the API itself on the embedded default: it delivers with no worker beside it', async () => {
    app = await startTestApp(LOGGED, log.destination);
    const registration = newRegistration();
    await register(app, registration);

    expect(app.worker).toBeNull();
    expect((await activationLink(app, registration.email)).pathname).toBe('/api/v1/users/activate');
  });

  onMongoDb('on MongoDB', () => {
    it('is the worker alone: the API leaves a registration’s mail undelivered until the worker runs, which sends it', async () => {
      app = await startTestApp({ ...ADMIN_SETTINGS, ...LOGGED }, log.destination, { worker: 'later' });
      const admin = new AdminClient(app);
      const registration = newRegistration();
      const userId = await register(app, registration);

      await longerThanAnyRelayNeeds();
      expect((await readMails(app.mailDirectory)).filter((mail) => mail.to === registration.email)).toEqual([]);
      expect(await registrationRecord(admin, userId)).toMatchObject({ state: 'pending', attempts: 0 });

      await app.startWorker();

      expect((await activationLink(app, registration.email)).pathname).toBe('/api/v1/users/activate');
      expect(
        await eventually(
          () => registrationRecord(admin, userId),
          (record) => record?.state === 'sent',
        ),
      ).toMatchObject({ state: 'sent', attempts: 0 });
    });

    it('says once, with the server’s reason, that the worker polls where change streams are unavailable, and still delivers', async () => {
      app = await startTestApp(LOGGED, log.destination);
      const registrations = [newRegistration(), newRegistration()];

      for (const registration of registrations) {
        await register(app, registration);
        expect((await activationLink(app, registration.email)).pathname).toBe('/api/v1/users/activate');
      }

      const lines = linesSince(firstLine);
      const fallback = lines.filter((line) => line.context === 'MongoOutboxWatcher');
      expect(fallback).toEqual([
        expect.objectContaining({
          level: WARN,
          msg: expect.stringMatching(
            /^Change streams are unavailable on this MongoDB deployment \(.+\): the outbox relay falls back to polling every 50 ms$/,
          ),
        }),
      ]);
      expect(lines.filter((line) => line.level >= ERROR)).toEqual([]);
    });

    it('shuts the worker down after the delivery in hand: the record is marked sent, nothing fails on a closed connection', async () => {
      app = await startTestApp({ ...ADMIN_SETTINGS, ...LOGGED }, log.destination, { worker: 'later' });
      const worker = await app.startWorker();
      const mailer = worker.context.get<Mailer>(MAILER);
      const send = mailer.send.bind(mailer);
      let inHand: () => void = () => undefined;
      const delivering = new Promise<void>((resolve) => (inHand = resolve));
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      // The mail server takes its time over the first message: the worker is asked to stop meanwhile.
      mailer.send = async (message) => {
        inHand();
        await released;
        await send(message);
      };
      const admin = new AdminClient(app);
      const registration = newRegistration();
      const userId = await register(app, registration);
      await delivering;

      let stopped = false;
      const stopping = worker.close().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(stopped).toBe(false);
      release();
      await stopping;

      expect((await activationLink(app, registration.email)).pathname).toBe('/api/v1/users/activate');
      expect(await registrationRecord(admin, userId)).toMatchObject({ state: 'sent', attempts: 0 });
      const lines = linesSince(firstLine);
      expect(lines.filter((line) => line.context === 'MongoOutboxWatcher')).toHaveLength(1);
      expect(lines.filter((line) => line.level >= ERROR)).toEqual([]);
      // The two expected warnings: the API's, that it leaves relaying to a worker, and the worker's polling fallback.
      const expected = ['OutboxRelayRunner', 'MongoOutboxWatcher'];
      expect(lines.filter((line) => line.level >= WARN && !expected.includes(String(line.context)))).toEqual([]);
    });
  });
});
