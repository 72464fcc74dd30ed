import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

/** What a test asserts on, taken from the real RFC 5322 message rather than from what was handed to the mailer. */
export interface ReceivedMail {
  /** Recipient addresses, comma-separated, without display names. */
  to: string;
  /** The From header as written, e.g. `Keepem <no-reply@keepem.test>`. */
  from: string;
  subject: string;
  text: string;
  html?: string;
}

export async function parseMail(raw: Buffer | string): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw);
  const to = [parsed.to ?? []].flat().flatMap((group) => group.value.map((mailbox) => mailbox.address ?? ''));
  const sender = parsed.from?.value[0];
  return {
    to: to.join(', '),
    from: sender?.name ? `${sender.name} <${sender.address}>` : (sender?.address ?? ''),
    subject: parsed.subject ?? '',
    // The parser keeps the line break nodemailer ends the body with; tests compare the body the caller gave.
    text: (parsed.text ?? '').replace(/\n$/, ''),
    html: parsed.html || undefined,
  };
}

/** Every .eml a LogMailer wrote to `directory`, oldest first (its file names sort by time); none if the folder is missing. */
export async function readMails(directory: string): Promise<ReceivedMail[]> {
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return [];
    }
    throw error;
  });
  const files = names.filter((name) => name.endsWith('.eml')).sort();
  return Promise.all(files.map(async (name) => parseMail(await readFile(join(directory, name)))));
}

/** Polls, because the mail is written by an outbox relay some time after the request that caused it returned. */
export async function waitForMail(directory: string, predicate: (mail: ReceivedMail) => boolean, timeoutMs = 5000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await readMails(directory);
    const found = mails.find(predicate);
    if (found) {
      return found;
    }
    if (Date.now() >= deadline) {
      const seen = mails.map((mail) => `  to ${mail.to}: ${mail.subject}`).join('\n') || '  (none)';
      throw new Error(`No matching mail in ${directory} after ${timeoutMs} ms. Mails there:\n${seen}`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}
