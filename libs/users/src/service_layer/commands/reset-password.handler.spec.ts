import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { PASSWORD, plainPasswords, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import type { User } from '../../domain/user.aggregate';
import { ChangePassword } from './change-password.command';
import { ChangePasswordHandler } from './change-password.handler';
import { ResetPassword } from './reset-password.command';
import { ResetPasswordHandler } from './reset-password.handler';

const NEW_PASSWORD = 'a new horse battery staple';
const THIRTY_MINUTES = 30 * 60_000;

describe('ResetPassword', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const reset = (passwordResetToken: string, newPassword = NEW_PASSWORD) =>
    new ResetPasswordHandler(fixture.unitOfWork, plainPasswords, fixture.tokens).execute(
      new ResetPassword({ passwordResetToken, newPassword, metadata: fixture.metadata() }),
    );
  const linkFor = async (user: User) => (await fixture.tokens.issuePasswordResetToken(user.id, user.passwordHash)).token;
  const expectUnusableLink = async (outcome: Promise<unknown>) => {
    await expect(outcome).rejects.toBeInstanceOf(InvalidInputError);
    await expect(outcome).rejects.toMatchObject({
      message: 'This password reset link is invalid, expired or already used',
      fieldErrors: [{ field: 'passwordResetToken' }],
    });
  };
  const passwordIsStill = async (user: User, password: string) =>
    expect((await fixture.storedUser(user.id))?.passwordHash).toBe(await plainPasswords.hash(password));

  it('takes the new password and ends every session of the user', async () => {
    const user = await fixture.activeUser();
    const [phone, laptop] = [await fixture.logIn(user.email.value), await fixture.logIn(user.email.value)];
    const before = await fixture.outboxOf(user.id);

    await reset(await linkFor(user));

    await passwordIsStill(user, NEW_PASSWORD);
    for (const session of [phone, laptop]) {
      expect((await fixture.sessionOf(session.refreshToken))?.state).toBe('removed');
      await expect(fixture.refresh(session.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    }
    await expect(fixture.logIn(user.email.value, { password: NEW_PASSWORD })).resolves.toMatchObject({ userId: user.id });
    // UserPasswordChanged stays inside the context.
    expect(await fixture.outboxOf(user.id)).toEqual(before);
  });

  it('works once: the same link again gets the answer of a used link', async () => {
    const user = await fixture.activeUser();
    const link = await linkFor(user);
    await reset(link);

    await expectUnusableLink(reset(link, 'yet another password'));

    await passwordIsStill(user, NEW_PASSWORD);
  });

  it('works for 30 minutes and not a second longer', async () => {
    const [early, late] = [await fixture.activeUser(), await fixture.activeUser()];
    const [earlyLink, lateLink] = [await linkFor(early), await linkFor(late)];

    fixture.clock.advance(THIRTY_MINUTES - 1000);
    await reset(earlyLink);
    fixture.clock.advance(1000);
    await expectUnusableLink(reset(lateLink));

    await passwordIsStill(early, NEW_PASSWORD);
    await passwordIsStill(late, PASSWORD);
  });

  it('stops working once the password is changed otherwise', async () => {
    const user = await fixture.activeUser();
    const link = await linkFor(user);
    const session = await fixture.logIn(user.email.value);
    await new ChangePasswordHandler(fixture.unitOfWork, plainPasswords).execute(
      new ChangePassword({
        userId: user.id,
        sessionId: fixture.tokens.verifyRefreshToken(session.refreshToken).sessionId,
        oldPassword: PASSWORD,
        newPassword: 'changed by its owner',
        metadata: fixture.metadata(),
      }),
    );

    await expectUnusableLink(reset(link));

    await passwordIsStill(user, 'changed by its owner');
  });

  it('refuses a link once the account is no longer active', async () => {
    const user = await fixture.activeUser();
    const link = await linkFor(user);
    await fixture.alter(user, { state: 'hidden' });

    await expectUnusableLink(reset(link));

    await passwordIsStill(user, PASSWORD);
  });

  it('gives a forged token, another kind of token and a token for nobody the same answer', async () => {
    const user = await fixture.activeUser();
    const { accessToken, refreshToken } = await fixture.logIn(user.email.value);
    const activation = (await fixture.tokens.issueActivationToken(user.id)).token;
    const nobody = (await fixture.tokens.issuePasswordResetToken(crypto.randomUUID(), user.passwordHash)).token;
    const [header, payload] = (await linkFor(user)).split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;

    for (const token of ['not-a-token', forged, accessToken, refreshToken, activation, nobody]) {
      await expectUnusableLink(reset(token));
    }
    await passwordIsStill(user, PASSWORD);
  });

  it('refuses an unacceptable new password, naming that field, and leaves the link usable', async () => {
    const user = await fixture.activeUser();
    const link = await linkFor(user);

    const refused = reset(link, 'short');

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'newPassword' }] });
    await reset(link);
    await passwordIsStill(user, NEW_PASSWORD);
  });

  it('two resets with one link at once: one lands, the other gets the answer of a used link', async () => {
    const user = await fixture.activeUser();
    const link = await linkFor(user);
    // Both read the user inside their transactions (the third and fourth reads, after the two
    // checks of the link) before either commits: the second commit loses the race and is run again.
    const bothInTheirTransactions = barrier(2);
    let reads = 0;
    pause.wait = async () => {
      reads += 1;
      if (reads === 3 || reads === 4) {
        await bothInTheirTransactions();
      }
    };

    const outcomes = await Promise.allSettled([reset(link, 'first new password'), reset(link, 'second new password')]);

    const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost).toHaveLength(1);
    await expectUnusableLink(Promise.reject(lost[0].reason));
    expect(reads).toBeGreaterThan(4);
    await passwordIsStill(user, ['first new password', 'second new password'][won]);
  });
});
