import { MailSettings } from '../config/kernel.config';
import { Mailer } from '../../service_layer/mailer.port';
import { LogMailer } from './log-mailer';
import { SmtpMailer } from './smtp-mailer';

/** A configured SMTP server means real delivery; without one the service still runs, writing mail to files. */
export function createMailer(mail: MailSettings): Mailer {
  return mail.driver === 'smtp' ? new SmtpMailer(mail) : new LogMailer(mail);
}
