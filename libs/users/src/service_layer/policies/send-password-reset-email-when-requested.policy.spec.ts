import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type MailMessage, MessageMetadataFactory } from '@keepem/shared/service_layer';
import { usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import type { User } from '../../domain/user.aggregate';
import { SendPasswordResetEmailWhenRequested } from './send-password-reset-email-when-requested.policy';

describe('SendPasswordResetEmailWhenRequested', () => {
  let fixture: UsersFixture;
  let sent: MailMessage[];
  let policy: SendPasswordResetEmailWhenRequested;

  beforeEach(async () => {
    fixture = await usersFixture({ passwordResetUrl: 'https://app.keepem.test/reset?lang=en' });
    sent = [];
    const mailer = { send: async (message: MailMessage) => void sent.push(message) };
    policy = new SendPasswordResetEmailWhenRequested(
      mailer,
      fixture.tokens,
      fixture.settings,
      fixture.unitOfWork,
      new MessageMetadataFactory(fixture.clock),
    );
  });
  afterEach(() => fixture.close());

  const requested = (user: User) => ({
    user_id: user.id,
    username: user.username.value,
    email: user.email.value,
    requested_at: fixture.clock.now().toISOString(),
  });

  it('mails the account a link to the reset page whose token works for 30 minutes from sending, for the current password', async () => {
    const user = await fixture.activeUser();
    fixture.clock.advance(5 * 60_000);

    await policy.handle(requested(user));

    expect(sent).toHaveLength(1);
    const [mail] = sent;
    expect(mail.to).toBe(user.email.value);
    const link = new URL(/https:\/\/\S+/.exec(mail.text)?.[0] as string);
    expect(`${link.origin}${link.pathname}`).toBe('https://app.keepem.test/reset');
    expect(link.searchParams.get('lang')).toBe('en');
    const claims = fixture.tokens.verifyPasswordResetToken(link.searchParams.get('token') as string);
    expect(claims).toEqual({ userId: user.id, passwordStamp: fixture.tokens.passwordStamp(user.passwordHash) });
    expect(mail.text).toContain(`until ${new Date(fixture.clock.now().getTime() + 30 * 60_000).toISOString()}`);
  });

  it('mails nothing to an account that is no longer active', async () => {
    const user = await fixture.activeUser();
    await fixture.alter(user, { state: 'removed' });

    await policy.handle(requested(user));

    expect(sent).toEqual([]);
  });
});
