export const MAILER = Symbol('MAILER');

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  /** Rejects when the message could not be handed over; the caller decides whether to retry. */
  send(message: MailMessage): Promise<void>;
}
