import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { parseMail, ReceivedMail } from './mail-directory';

export interface Certificate {
  key: string;
  cert: string;
}

export interface SmtpTestServerOptions {
  /** NONE: plain only (STARTTLS is not even offered). STARTTLS and TLS need `certificate`. */
  security?: 'NONE' | 'STARTTLS' | 'TLS';
  certificate?: Certificate;
  /** When set, the server demands AUTH with exactly these credentials. */
  auth?: { user: string; pass: string };
  /** Refuse every recipient with a 550, as a server would for an unknown mailbox (see refusingRecipients). */
  rejectRecipients?: boolean;
}

export interface ServerReceivedMail extends ReceivedMail {
  /** The session's AUTH user, if any, and whether the message travelled encrypted. */
  user?: string;
  secure: boolean;
}

/** An in-process SMTP server on 127.0.0.1 and an ephemeral port that keeps every message it accepts. */
export class SmtpTestServer {
  readonly messages: ServerReceivedMail[] = [];
  /** Connection-level failures, e.g. a client that hung up on the certificate; tests may assert on them. */
  readonly errors: Error[] = [];
  /** Switchable while running, so a test can show delivery resuming once the server accepts again. */
  refusingRecipients = false;
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
    const security = options.security ?? 'NONE';
    if (security !== 'NONE' && !options.certificate) {
      throw new Error(`SmtpTestServer: ${security} needs a certificate`);
    }
    // The handlers below are wired before the instance exists; they reach it through this holder.
    const started: { server?: SmtpTestServer } = {};
    const serverOptions: SMTPServerOptions = {
      logger: false,
      secure: security === 'TLS',
      ...(options.certificate ?? {}),
      // Plain mode must not offer STARTTLS, so a client that insists on TLS is seen to fail.
      disabledCommands: security === 'NONE' ? ['STARTTLS'] : [],
      authOptional: !options.auth,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (options.auth && auth.username === options.auth.user && auth.password === options.auth.pass) {
          callback(null, { user: auth.username });
        } else {
          callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
        }
      },
      onRcptTo(_address, _session, callback) {
        callback(started.server?.refusingRecipients ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          // Acknowledged only once recorded, so a test may assert right after the client's send resolved.
          parseMail(Buffer.concat(chunks)).then(
            (mail) => {
              started.server?.record({ ...mail, user: session.user as string | undefined, secure: session.secure });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    };
    const server = new SMTPServer(serverOptions);
    await new Promise<void>((listening, failed) => {
      server.server.once('error', failed);
      server.listen(0, '127.0.0.1', () => listening());
    });
    started.server = new SmtpTestServer(server, (server.server.address() as AddressInfo).port);
    started.server.refusingRecipients = options.rejectRecipients ?? false;
    // Without a listener an 'error' event would be thrown and take the whole test file down.
    server.on('error', (error: Error) => started.server?.errors.push(error));
    return started.server;
  }

  /** The settings that point the app's mailer at this (plain-text) server. */
  appSettings(): Record<string, string> {
    return { EMAIL_SMTP_SERVER: '127.0.0.1', EMAIL_SMTP_PORT: String(this.port), EMAIL_SMTP_SECURITY: 'NONE' };
  }

  async waitForMessages(count: number, timeoutMs = 5000): Promise<ServerReceivedMail[]> {
    if (this.messages.length >= count) {
      return this.messages;
    }
    return new Promise((done, failed) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        failed(new Error(`Expected ${count} message(s) within ${timeoutMs} ms, received ${this.messages.length}`));
      }, timeoutMs);
      const check = () => {
        if (this.messages.length >= count) {
          clearTimeout(timer);
          this.waiters.delete(check);
          done(this.messages);
        }
      };
      this.waiters.add(check);
    });
  }

  close(): Promise<void> {
    return new Promise((closed) => this.server.close(() => closed()));
  }

  private record(mail: ServerReceivedMail): void {
    this.messages.push(mail);
    this.waiters.forEach((check) => check());
  }
}

/** Checked synchronously so a spec can decide, while it is being collected, to skip TLS cases. */
export function opensslAvailable(): boolean {
  return spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * A throw-away self-signed certificate for 127.0.0.1, made at test time so no key sits in the
 * repository. A client trusts it by passing `cert` as its `ca`, with verification left on.
 */
export async function createSelfSignedCertificate(): Promise<Certificate> {
  const directory = await mkdtemp(join(tmpdir(), 'keepem-cert-'));
  try {
    const key = join(directory, 'key.pem');
    const cert = join(directory, 'cert.pem');
    // An EC key: generated in milliseconds, where RSA can take a noticeable part of a test's time.
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
