import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpTestServer } from '../support/smtp-test-server';
import { startTestApp, TestApp } from '../support/test-app';
import { newRegistration } from '../support/users-client';

describe('E-mail delivery over SMTP', () => {
  let smtp: SmtpTestServer;
  let app: TestApp;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start({ security: 'NONE' });
    app = await startTestApp({
      ...smtp.appSettings(),
      BOARD_EMAIL: 'board@keepem.test',
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  it('delivers both e-mails one registration causes', async () => {
    const registration = newRegistration();
    expect((await app.http().post('/api/v1/users').send(registration)).status).toBe(201);

    await smtp.waitForMessages(2, 5_000);
    const recipients = smtp.messages.map((message) => message.to).sort();
    expect(recipients).toEqual(['board@keepem.test', registration.email].sort());
    smtp.messages.length = 0;
  });

  it('greets an address that has not proven itself by username, never by the name the sender chose', async () => {
    const registration = newRegistration({ public_name: 'Claim your prize at https://prize.example' });
    expect((await app.http().post('/api/v1/users').send(registration)).status).toBe(201);

    await smtp.waitForMessages(2, 5_000);
    const activation = smtp.messages.find((message) => message.to === registration.email);
    smtp.messages.length = 0;
    expect(activation?.text).toMatch(new RegExp(`^Hello ${registration.username},\n`));
    expect(activation?.text).not.toContain('prize');
  });

  it('never fails the registration when the mail server refuses, and delivers once it accepts again', async () => {
    smtp.refusingRecipients = true;
    const registration = newRegistration();
    const response = await app.http().post('/api/v1/users').send(registration);
    expect(response.status).toBe(201);

    // The relay keeps retrying with back-off (50 ms base in tests) while the server refuses.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(0);
    app.clock.advance(60_000);
    smtp.refusingRecipients = false;

    await smtp.waitForMessages(2, 10_000);
    const activation = smtp.messages.filter((message) => message.to === registration.email);
    expect(activation).toHaveLength(1);
    expect(activation[0].text).toContain('/api/v1/users/activate?token=');
    expect(smtp.messages.filter((message) => message.to === 'board@keepem.test')).toHaveLength(1);
  }, 15_000);
});
