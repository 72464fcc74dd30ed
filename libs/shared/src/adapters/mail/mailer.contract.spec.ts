import { Logger } from '@nestjs/common';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMails, ReceivedMail } from '../../../../../test/support/mail-directory';
import { Certificate, createSelfSignedCertificate, opensslAvailable, SmtpTestServer } from '../../../../../test/support/smtp-test-server';
import { kernelConfig, MailSettings } from '../config/kernel.config';
import { Mailer, MailMessage } from '../../service_layer/mailer.port';
import { LogMailer } from './log-mailer';
import { createMailer } from './mailer.factory';
import { SmtpMailer } from './smtp-mailer';

const SENDER = 'Keepem <no-reply@keepem.test>';
const SENDER_ADDRESS = 'no-reply@keepem.test';

function config(env: Record<string, string>): MailSettings {
  return kernelConfig({ ENVIRONMENT: 'dev', EMAIL_SENDER_ADDRESS: SENDER, ...env }).mail;
}

function smtpConfig(port: number, security: 'NONE' | 'STARTTLS' | 'TLS', env: Record<string, string> = {}): MailSettings {
  return config({
    EMAIL_SMTP_SERVER: '127.0.0.1',
    EMAIL_SMTP_PORT: String(port),
    EMAIL_SMTP_SECURITY: security,
    MAIL_DIR: 'unused',
    ...env,
  });
}

const tempDir = () => mkdtemp(join(tmpdir(), 'keepem-mail-'));

/** One self-signed certificate for the whole file: made on first use, only by the cases that need TLS. */
let certificate: Promise<Certificate> | undefined;
const testCertificate = () => (certificate ??= createSelfSignedCertificate());
const TLS_SKIP = opensslAvailable() ? '' : ' (SKIPPED: openssl not found, cannot make a test certificate)';

const message = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  to: 'ada@example.test',
  subject: 'Activate your Keepem account',
  text: 'Open http://localhost:3000/activate?token=abc to activate.',
  ...overrides,
});

/** A running adapter plus a way to see what really came out of it. */
interface Harness {
  mailer: Mailer;
  received(count: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

const logAdapter = async (): Promise<Harness> => {
  const directory = await tempDir();
  return {
    mailer: new LogMailer(config({ MAIL_DIR: directory })),
    received: () => readMails(directory),
    close: () => rm(directory, { recursive: true, force: true }),
  };
};

const smtpAdapter = (security: 'NONE' | 'STARTTLS' | 'TLS') => async (): Promise<Harness> => {
  const certificate = security === 'NONE' ? undefined : await testCertificate();
  const server = await SmtpTestServer.start({ security, certificate });
  return {
    mailer: new SmtpMailer(smtpConfig(server.port, security), { tls: certificate && { ca: certificate.cert } }),
    received: (count) => server.waitForMessages(count, 2000),
    close: () => server.close(),
  };
};

const adapters = [
  { name: 'LogMailer', start: logAdapter, skip: '' },
  { name: 'SmtpMailer, security NONE', start: smtpAdapter('NONE'), skip: '' },
  { name: `SmtpMailer, security STARTTLS${TLS_SKIP}`, start: smtpAdapter('STARTTLS'), skip: TLS_SKIP },
  { name: `SmtpMailer, security TLS${TLS_SKIP}`, start: smtpAdapter('TLS'), skip: TLS_SKIP },
];

beforeAll(() => {
  // The LogMailer's line is asserted on below; elsewhere it would only clutter the test output.
  Logger.overrideLogger(false);
});

describe.each(adapters)('Mailer contract: $name', ({ start, skip }) => {
  const test = skip ? it.skip : it;
  let harness: Harness;

  beforeEach(async () => {
    if (!skip) {
      harness = await start();
    }
  });
  afterEach(async () => {
    await harness?.close();
  });

  test('delivers the message as given, from the configured sender', async () => {
    await harness.mailer.send(message());

    const [mail] = await harness.received(1);
    expect(mail).toMatchObject({
      to: 'ada@example.test',
      from: SENDER,
      subject: 'Activate your Keepem account',
      text: 'Open http://localhost:3000/activate?token=abc to activate.',
    });
    expect(mail.html).toBeUndefined();
  });

  test('keeps non-ASCII text and carries the html alternative', async () => {
    await harness.mailer.send(message({ subject: 'Bienvenue, Zoë ✓', text: 'Déjà vu', html: '<p>Déjà <b>vu</b></p>' }));

    const [mail] = await harness.received(1);
    expect(mail).toMatchObject({ subject: 'Bienvenue, Zoë ✓', text: 'Déjà vu' });
    expect(mail.html).toContain('<p>Déjà <b>vu</b></p>');
  });

  test('delivers both of two messages sent at once', async () => {
    await Promise.all([
      harness.mailer.send(message({ to: 'one@example.test', subject: 'first' })),
      harness.mailer.send(message({ to: 'two@example.test', subject: 'second' })),
    ]);

    const mails = await harness.received(2);
    expect(mails.map((mail) => `${mail.to} ${mail.subject}`).sort()).toEqual(['one@example.test first', 'two@example.test second']);
  });
});

describe('SmtpMailer failures and security', () => {
  const servers: Array<{ close(): Promise<void> | void }> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  /** The reason is checked too, so a case cannot pass by failing for some unrelated cause. */
  async function expectQuickRejection(sending: Promise<void>, reason: RegExp, withinMs = 3000): Promise<void> {
    const started = Date.now();
    await expect(sending).rejects.toThrow(reason);
    expect(Date.now() - started).toBeLessThan(withinMs);
  }

  it('rejects when the server refuses the recipient', async () => {
    const server = await SmtpTestServer.start({ rejectRecipients: true });
    servers.push(server);

    await expectQuickRejection(new SmtpMailer(smtpConfig(server.port, 'NONE')).send(message()), /550 Mailbox unavailable/);
    expect(server.messages).toHaveLength(0);
  });

  it('rejects at once when nothing listens on the port', async () => {
    const port = await closedPort();

    await expectQuickRejection(new SmtpMailer(smtpConfig(port, 'NONE')).send(message()), /ECONNREFUSED/);
  });

  it('gives up on a server that accepts the connection but never speaks', async () => {
    const silent = await silentServer();
    servers.push(silent);
    const mailer = new SmtpMailer(smtpConfig(silent.port, 'NONE'), { timeoutsMs: { greeting: 300 } });

    await expectQuickRejection(mailer.send(message()), /Greeting never received/, 2000);
  });

  it('logs in as the address part of the sender when a password is set', async () => {
    const server = await SmtpTestServer.start({ auth: { user: SENDER_ADDRESS, pass: 's3cret' } });
    servers.push(server);

    await new SmtpMailer(smtpConfig(server.port, 'NONE', { EMAIL_SENDER_PASSWORD: 's3cret' })).send(message());

    expect(server.messages.map((mail) => mail.user)).toEqual([SENDER_ADDRESS]);
  });

  it('rejects when the server refuses the credentials', async () => {
    const server = await SmtpTestServer.start({ auth: { user: SENDER_ADDRESS, pass: 's3cret' } });
    servers.push(server);

    const mailer = new SmtpMailer(smtpConfig(server.port, 'NONE', { EMAIL_SENDER_PASSWORD: 'wrong' }));
    await expectQuickRejection(mailer.send(message()), /535/);
  });

  const tlsIt = TLS_SKIP ? it.skip : it;

  tlsIt(`STARTTLS: the message travels encrypted${TLS_SKIP}`, async () => {
    const certificate = await testCertificate();
    const server = await SmtpTestServer.start({ security: 'STARTTLS', certificate });
    servers.push(server);

    await new SmtpMailer(smtpConfig(server.port, 'STARTTLS'), { tls: { ca: certificate.cert } }).send(message());

    expect(server.messages.map((mail) => mail.secure)).toEqual([true]);
  });

  tlsIt(`STARTTLS: refuses to send in clear when the server does not offer it${TLS_SKIP}`, async () => {
    const server = await SmtpTestServer.start({ security: 'NONE' });
    servers.push(server);

    await expectQuickRejection(new SmtpMailer(smtpConfig(server.port, 'STARTTLS')).send(message()), /STARTTLS/);
    expect(server.messages).toHaveLength(0);
  });

  tlsIt(`STARTTLS and TLS: refuse a certificate nobody vouches for${TLS_SKIP}`, async () => {
    const certificate = await testCertificate();
    const starttls = await SmtpTestServer.start({ security: 'STARTTLS', certificate });
    const tls = await SmtpTestServer.start({ security: 'TLS', certificate });
    servers.push(starttls, tls);

    // No `ca` given: the production default, which must verify the server.
    await expectQuickRejection(new SmtpMailer(smtpConfig(starttls.port, 'STARTTLS')).send(message()), /self-signed certificate/);
    await expectQuickRejection(new SmtpMailer(smtpConfig(tls.port, 'TLS')).send(message()), /self-signed certificate/);
    expect([...starttls.messages, ...tls.messages]).toHaveLength(0);
  });
});

describe('LogMailer files', () => {
  let root: string;
  beforeEach(async () => {
    root = await tempDir();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates its directory when missing', async () => {
    const directory = join(root, 'not', 'there', 'yet');

    await new LogMailer(config({ MAIL_DIR: directory })).send(message());

    expect(await readMails(directory)).toHaveLength(1);
  });

  it('names files so that they sort in sending order and never collide', async () => {
    const mailer = new LogMailer(config({ MAIL_DIR: root }));
    for (const subject of ['a', 'b', 'c', 'd', 'e']) {
      await mailer.send(message({ subject }));
    }
    await Promise.all(Array.from({ length: 20 }, (_, index) => mailer.send(message({ subject: `burst ${index}` }))));

    const names = await readdir(root);
    expect(names).toHaveLength(25);
    expect(names.every((name) => /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[\w-]+\.eml$/.test(name))).toBe(true);
    const subjects = (await readMails(root)).map((mail) => mail.subject);
    // The burst mostly lands within one millisecond: only the sequence number keeps its order.
    expect(subjects).toEqual([...'abcde', ...Array.from({ length: 20 }, (_, index) => `burst ${index}`)]);
  });

  it('logs one line naming the recipient, the subject and the file', async () => {
    const lines: string[] = [];
    const original = Logger.prototype.log;
    Logger.prototype.log = function (line: unknown) {
      lines.push(String(line));
    };
    try {
      await new LogMailer(config({ MAIL_DIR: root })).send(message());
    } finally {
      Logger.prototype.log = original;
    }

    const [file] = await readdir(root);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('ada@example.test');
    expect(lines[0]).toContain('Activate your Keepem account');
    expect(lines[0]).toContain(join(root, file));
  });
});

describe('createMailer', () => {
  it('sends over SMTP when a server is configured', () => {
    expect(createMailer(smtpConfig(2525, 'NONE'))).toBeInstanceOf(SmtpMailer);
  });

  it('writes files when no server is configured', () => {
    expect(createMailer(config({ MAIL_DIR: 'var/mail' }))).toBeInstanceOf(LogMailer);
  });
});

/** A port that was free a moment ago: connecting to it is refused, the "server down" case. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise((closed) => server.close(closed));
  return port;
}

/** Accepts TCP connections and says nothing, like a hung mail server. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((closed) => server.close(() => closed()));
    },
  };
}
