import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { DAY_MS, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';

describe('LogOut', () => {
  let fixture: UsersFixture;

  beforeEach(async () => {
    fixture = await usersFixture();
  });
  afterEach(() => fixture.close());

  it('ends the session, after which its refresh token renews nothing', async () => {
    const user = await fixture.activeUser();
    const tokens = await fixture.logIn(user.email.value);

    await fixture.logOut(tokens.refreshToken);

    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('removed');
    await expect(fixture.refresh(tokens.refreshToken)).rejects.toThrow('This session has ended; log in again');
  });

  it('ends the session with a refresh token that was already rotated away too: a stale token has leaked anyway', async () => {
    const user = await fixture.activeUser();
    const stale = await fixture.logIn(user.email.value);
    const current = await fixture.refresh(stale.refreshToken);

    await fixture.logOut(stale.refreshToken);

    expect((await fixture.sessionOf(current.refreshToken))?.state).toBe('removed');
  });

  it('ends only the session the token belongs to', async () => {
    const user = await fixture.activeUser();
    const phone = await fixture.logIn(user.email.value);
    const laptop = await fixture.logIn(user.email.value);

    await fixture.logOut(phone.refreshToken);

    expect((await fixture.sessionOf(laptop.refreshToken))?.state).toBe('active');
  });

  it('refuses a second logout of the same session', async () => {
    const user = await fixture.activeUser();
    const tokens = await fixture.logIn(user.email.value);
    await fixture.logOut(tokens.refreshToken);

    await expect(fixture.logOut(tokens.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('leaves a session alone when the token naming it was issued to someone else', async () => {
    const [owner, other] = [await fixture.activeUser(), await fixture.activeUser()];
    const tokens = await fixture.logIn(owner.email.value);
    const sessionId = fixture.tokens.verifyRefreshToken(tokens.refreshToken).sessionId;
    const foreign = await fixture.tokens.issueSessionTokens({
      userId: other.id,
      sessionId,
      scope: ['user'],
      fresh: false,
      notAfter: new Date(fixture.clock.now().getTime() + DAY_MS),
    });

    await expect(fixture.logOut(foreign.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('active');
  });

  it('refuses an access token in place of a refresh token, and ends nothing', async () => {
    const user = await fixture.activeUser();
    const tokens = await fixture.logIn(user.email.value);

    await expect(fixture.logOut(tokens.accessToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('active');
  });
});
