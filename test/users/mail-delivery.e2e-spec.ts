import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpTestServer } from '../support/smtp-test-server';
import { startTestApp, TestApp } from '../support/test-app';
import { ADMIN_SETTINGS, AdminClient } from '../support/users-admin-client';
import { newRegistration } from '../support/users-client';

describe('E-mail delivery over SMTP', () => {
  let smtp: SmtpTestServer;
  let app: TestApp;
  let admin: AdminClient;

  beforeAll(async () => {
    smtp = await SmtpTestServer.start({ security: 'NONE' });
    app = await startTestApp({
      ...smtp.appSettings(),
      ...ADMIN_SETTINGS,
      BOARD_EMAIL: 'board@keepem.test',
    });
    admin = new AdminClient(app);
    // The seeded administrator's sign-up is announced to the board and its owner told the account
    // is ready; the tests count only the mails they cause.
    await smtp.waitForMessages(2, 5_000);
    smtp.messages.length = 0;
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  async function failedDeliveryOf(aggregateId: string, type: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const record = (await admin.outboxOf(aggregateId)).find((candidate) => candidate.type === type);
      if ((record?.attempts ?? 0) >= 1) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`no failed delivery of ${type} within 10 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

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
    const userId = String(response.headers.location).split('/').pop() as string;

    // Both mails were tried and refused once the relay has counted a failed delivery; the retry
    // it then schedules (OUTBOX_RETRY_BASE_MS, kept short by startTestApp) comes due when the clock moves.
    await failedDeliveryOf(userId, 'users.user-registered.v1');
    expect(smtp.messages).toHaveLength(0);
    app.clock.advance(60_000);
    smtp.refusingRecipients = false;

    await smtp.waitForMessages(2, 10_000);
    const activation = smtp.messages.filter((message) => message.to === registration.email);
    expect(activation).toHaveLength(1);
    expect(activation[0].text).toContain('/api/v1/users/activate?token=');
    expect(smtp.messages.filter((message) => message.to === 'board@keepem.test')).toHaveLength(1);
  }, 25_000);
});
