import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { PASSWORD, plainPasswords, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import type { User } from '../../domain/user.aggregate';
import { ChangePassword } from './change-password.command';
import { ChangePasswordHandler } from './change-password.handler';

const NEW_PASSWORD = 'a new horse battery staple';

describe('ChangePassword', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseUsersAfter('findById');
  });
  afterEach(() => fixture.close());

  const sessionIdOf = (refreshToken: string) => fixture.tokens.verifyRefreshToken(refreshToken).sessionId;
  const change = (user: User, sessionId: string, props: { oldPassword?: string; newPassword?: string } = {}) =>
    new ChangePasswordHandler(fixture.unitOfWork, plainPasswords).execute(
      new ChangePassword({
        userId: user.id,
        sessionId,
        oldPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        ...props,
        metadata: fixture.metadata(),
      }),
    );

  it('takes the new password, ends the other sessions and keeps the caller’s', async () => {
    const user = await fixture.activeUser();
    const mine = await fixture.logIn(user.email.value);
    const [phone, tablet] = [await fixture.logIn(user.email.value), await fixture.logIn(user.email.value)];
    const before = await fixture.outboxOf(user.id);

    await change(user, sessionIdOf(mine.refreshToken));

    expect((await fixture.storedUser(user.id))?.passwordHash).toBe(await plainPasswords.hash(NEW_PASSWORD));
    expect((await fixture.sessionOf(phone.refreshToken))?.state).toBe('removed');
    expect((await fixture.sessionOf(tablet.refreshToken))?.state).toBe('removed');
    await expect(fixture.refresh(phone.refreshToken)).rejects.toThrow('This session has ended; log in again');
    await expect(fixture.refresh(mine.refreshToken)).resolves.toMatchObject({ userId: user.id });
    await expect(fixture.logIn(user.email.value, { password: NEW_PASSWORD })).resolves.toMatchObject({ userId: user.id });
    await expect(fixture.logIn(user.email.value)).rejects.toBeInstanceOf(UnauthenticatedError);
    // UserPasswordChanged stays inside the context: nothing leaves through the outbox.
    expect(await fixture.outboxOf(user.id)).toEqual(before);
  });

  it('refuses a wrong old password, and changes nothing', async () => {
    const user = await fixture.activeUser();
    const [mine, other] = [await fixture.logIn(user.email.value), await fixture.logIn(user.email.value)];

    const refused = change(user, sessionIdOf(mine.refreshToken), { oldPassword: 'not the password' });

    await expect(refused).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(refused).rejects.toThrow('The old password is wrong');
    expect((await fixture.storedUser(user.id))?.passwordHash).toBe(user.passwordHash);
    expect((await fixture.sessionOf(other.refreshToken))?.state).toBe('active');
  });

  it.each([
    ['too short', 'short'],
    ['too long', 'x'.repeat(97)],
  ])('refuses a new password %s, naming the field, and changes nothing', async (_, newPassword) => {
    const user = await fixture.activeUser();
    const [mine, other] = [await fixture.logIn(user.email.value), await fixture.logIn(user.email.value)];

    const refused = change(user, sessionIdOf(mine.refreshToken), { newPassword });

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'newPassword' }] });
    expect((await fixture.storedUser(user.id))?.passwordHash).toBe(user.passwordHash);
    expect((await fixture.sessionOf(other.refreshToken))?.state).toBe('active');
  });

  it('ends every session of the user and no one else’s', async () => {
    const [user, neighbour] = [await fixture.activeUser(), await fixture.activeUser()];
    const mine = await fixture.logIn(user.email.value);
    const theirs = await fixture.logIn(neighbour.email.value);

    await change(user, sessionIdOf(mine.refreshToken));

    expect((await fixture.sessionOf(theirs.refreshToken))?.state).toBe('active');
  });

  it('two changes at once with the same old password: one lands, the other finds the old password wrong', async () => {
    const user = await fixture.activeUser();
    const mine = await fixture.logIn(user.email.value);
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled([
      change(user, sessionIdOf(mine.refreshToken), { newPassword: 'first new password' }),
      change(user, sessionIdOf(mine.refreshToken), { newPassword: 'second new password' }),
    ]);

    const won = outcomes.findIndex((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(UnauthenticatedError);
    const winner = ['first new password', 'second new password'][won];
    expect((await fixture.storedUser(user.id))?.passwordHash).toBe(await plainPasswords.hash(winner));
  });
});
