import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createTransport } from 'nodemailer';
import { MailSettings } from '../config/kernel.config';
import { MailMessage, Mailer } from '../../service_layer/mailer.port';

/** Orders files written within the same millisecond by this process in the order they were sent. */
let sequence = 0;

/**
 * The embedded default: no mail server needed. Each message is built exactly as it would go over
 * SMTP (so what a developer opens is what a user would get) and kept as an .eml file, where the
 * developer picks up activation links and end-to-end tests read what was "sent".
 */
export class LogMailer implements Mailer {
  private readonly logger = new Logger(LogMailer.name);
  private readonly directory: string;
  private readonly transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly mail: MailSettings) {
    // Resolved once so the logged path can be opened whatever the reader's working directory.
    this.directory = resolve(mail.directory);
  }

  async send(message: MailMessage): Promise<void> {
    // Named before building, so files sort in the order send was called even when builds finish out of order.
    const path = join(this.directory, `${this.fileStem()}.eml`);
    const info = await this.transport.sendMail({
      from: this.mail.sender,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    // Created on every send, not once, so a folder someone deleted while the service runs comes back.
    await mkdir(this.directory, { recursive: true });
    // Written under another name and renamed, so a reader polling the folder never sees half a file;
    // 'wx' refuses to overwrite, although the random part already makes a clash all but impossible.
    const partial = `${path}.partial`;
    await writeFile(partial, info.message as Buffer, { flag: 'wx' });
    await rename(partial, path);
    this.logger.log(`Mail to ${message.to} "${message.subject}" written to ${path}`);
  }

  /** ISO time first, so a plain name sort is a time sort; ':' is left out because some file systems refuse it. */
  private fileStem(): string {
    const time = new Date().toISOString().replace(/:/g, '-');
    sequence = (sequence + 1) % 1_000_000;
    return `${time}-${String(sequence).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
  }
}
