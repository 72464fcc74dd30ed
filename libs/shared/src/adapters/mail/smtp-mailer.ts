import type { ConnectionOptions } from 'node:tls';
import { createTransport } from 'nodemailer';
import { MailSettings } from '../config/kernel.config';
import { MailMessage, Mailer } from '../../service_layer/mailer.port';

/** Knobs tests need; production passes none and keeps the defaults below. */
export interface SmtpMailerOptions {
  /** Extra trust, e.g. the `ca` of a test server's self-signed certificate. Verification itself stays on. */
  tls?: Pick<ConnectionOptions, 'ca'>;
  timeoutsMs?: { connection?: number; greeting?: number; socket?: number };
}

/**
 * nodemailer waits up to 2 minutes to connect and 10 minutes on a silent socket. The outbox relay
 * awaits each send, so a dead or stuck server would stall every other message behind it; failing
 * within seconds lets the relay record the failure and retry later instead.
 */
const DEFAULT_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

const SECURITY = {
  // Implicit TLS from the first byte (usually port 465).
  TLS: { secure: true },
  // Plain connection upgraded with STARTTLS; requireTLS refuses to go on in clear if the server does not offer it.
  STARTTLS: { secure: false, requireTLS: true },
  // Local relays and test servers only: never upgrade, even if offered.
  NONE: { secure: false, ignoreTLS: true },
} as const;

export class SmtpMailer implements Mailer {
  // Built once: the options do not change, and a non-pooled transport opens one connection per send anyway.
  private readonly transport;

  constructor(mail: MailSettings, options: SmtpMailerOptions = {}) {
    const { sender, password, smtpServer, smtpPort, smtpSecurity } = mail;
    const timeouts = { ...DEFAULT_TIMEOUTS_MS, ...options.timeoutsMs };
    this.transport = createTransport(
      {
        host: smtpServer,
        port: smtpPort,
        ...SECURITY[smtpSecurity],
        auth: password ? { user: addressOf(sender), pass: password } : undefined,
        connectionTimeout: timeouts.connection,
        greetingTimeout: timeouts.greeting,
        socketTimeout: timeouts.socket,
        tls: options.tls,
      },
      { from: sender },
    );
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ to: message.to, subject: message.subject, text: message.text, html: message.html });
  }
}

/** The mailbox of "Name <addr>" or a bare "addr": the account name most providers expect. */
function addressOf(sender: string): string {
  const bracketed = /<([^<>]+)>\s*$/.exec(sender);
  return (bracketed ? bracketed[1] : sender).trim();
}
