import { AppConfig } from '../config/app-config';
import { Mailer } from '../../service_layer/mailer.port';
import { LogMailer } from './log-mailer';
import { SmtpMailer } from './smtp-mailer';

/** A configured SMTP server means real delivery; without one the service still runs, writing mail to files. */
export function createMailer(config: AppConfig): Mailer {
  return config.mail.smtpServer ? new SmtpMailer(config) : new LogMailer(config);
}
