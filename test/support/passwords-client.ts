import { expect } from '@jest/globals';
import { readMails, type ReceivedMail } from './mail-directory';
import type { TestApp } from './test-app';

export const isResetMail = (email: string) => (mail: ReceivedMail) => mail.to === email && mail.subject === 'Reset your Keepem password';

/** Asks for a reset link for `email`, as a "forgot your password?" page would. */
export async function forgotPassword(app: TestApp, email: string) {
  const response = await app.http().post('/api/v1/auth/password/forgot').send({ email });
  expect(response.status).toBe(202);
  return response;
}

/**
 * The links of the reset e-mails `email` received, oldest first, once there are `count` of them:
 * polled, because the outbox relay writes each mail some time after the request that caused it.
 */
export async function resetLinks(app: TestApp, email: string, count = 1, timeoutMs = 5000): Promise<URL[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await readMails(app.mailDirectory)).filter(isResetMail(email));
    if (mails.length >= count) {
      return mails.map((mail) => {
        const link = /https?:\/\/\S+\?token=\S+/.exec(mail.text)?.[0];
        expect(link).toBeDefined();
        return new URL(link as string);
      });
    }
    if (Date.now() >= deadline) {
      throw new Error(`${mails.length} reset e-mails to ${email} after ${timeoutMs} ms, expected ${count}`);
    }
    await new Promise((wake) => setTimeout(wake, 50));
  }
}

/** The token of the newest reset e-mail to `email`, once there are `count` of them. */
export async function resetToken(app: TestApp, email: string, count = 1): Promise<string> {
  const links = await resetLinks(app, email, count);
  return links[links.length - 1].searchParams.get('token') as string;
}

export function resetPassword(app: TestApp, token: string, newPassword: string) {
  return app.http().post('/api/v1/auth/password/reset').send({ token, new_password: newPassword });
}
