import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { Pause } from '../../../../../test/support/pause';
import { DAY_MS, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { User } from '../../domain/user.aggregate';
import { SessionTokens } from '../session-tokens';

describe('RefreshSession', () => {
  let fixture: UsersFixture;
  let pause: Pause;

  beforeEach(async () => {
    fixture = await usersFixture();
    pause = fixture.pauseSessionsAfter('findById');
  });
  afterEach(() => fixture.close());

  const logIn = (user: User, scope: string[] | null = null) => fixture.logIn(user.email.value, { scope });

  it('two refreshes with one token at once: one gets new tokens, the replay is refused and ends the session', async () => {
    const tokens = await logIn(await fixture.activeUser());
    pause.wait = barrier(2);

    const outcomes = await Promise.allSettled([fixture.refresh(tokens.refreshToken), fixture.refresh(tokens.refreshToken)]);

    const [won] = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(UnauthenticatedError);
    expect(won).toBeDefined();
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('removed');
    // Whoever won holds a dead session: the thief's tokens are as useless as the victim's.
    await expect(fixture.refresh((won as PromiseFulfilledResult<SessionTokens>).value.refreshToken)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  /**
   * Runs `first` until it has read, then all of `second`, then the rest of `first`: `second`
   * commits while `first` holds what it read before, and `first` must run again.
   */
  async function interleave<A, B>(first: () => Promise<A>, second: () => Promise<B>) {
    let firstHasRead: () => void = () => undefined;
    let secondIsDone: () => void = () => undefined;
    const hasRead = new Promise<void>((resolve) => (firstHasRead = resolve));
    const isDone = new Promise<void>((resolve) => (secondIsDone = resolve));
    let reads = 0;
    pause.wait = async () => {
      reads += 1;
      if (reads === 1) {
        firstHasRead();
        await isDone;
      }
    };
    const firstOutcome = Promise.allSettled([first()]);
    await hasRead;
    const [secondOutcome] = await Promise.allSettled([second()]);
    secondIsDone();
    const [outcome] = await firstOutcome;
    return { first: outcome, second: secondOutcome };
  }

  it('a logout racing a refresh wins when the refresh commits first: the logout reruns and ends the session', async () => {
    const tokens = await logIn(await fixture.activeUser());

    const { first: loggedOut, second: refreshed } = await interleave(
      () => fixture.logOut(tokens.refreshToken),
      () => fixture.refresh(tokens.refreshToken),
    );

    expect(refreshed.status).toBe('fulfilled');
    expect(loggedOut.status).toBe('fulfilled');
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('removed');
  });

  it('a logout racing a refresh wins when it commits first: the refresh reruns and is refused', async () => {
    const tokens = await logIn(await fixture.activeUser());

    const { first: refreshed, second: loggedOut } = await interleave(
      () => fixture.refresh(tokens.refreshToken),
      () => fixture.logOut(tokens.refreshToken),
    );

    expect(loggedOut.status).toBe('fulfilled');
    expect(refreshed).toMatchObject({ status: 'rejected', reason: expect.any(UnauthenticatedError) });
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('removed');
  });

  it('moves the session’s end at each refresh, never past SESSION_MAX_DAYS after the login', async () => {
    const loggedIn = await logIn(await fixture.activeUser());
    const loginAt = fixture.clock.now().getTime();
    let refreshToken = loggedIn.refreshToken;

    for (const day of [59, 118, 177]) {
      fixture.clock.advance(59 * DAY_MS);
      const renewed = await fixture.refresh(refreshToken);
      expect({ day, ends: renewed.refreshTokenExpiresAt.getTime() }).toEqual({
        day,
        ends: Math.min(loginAt + (day + 60) * DAY_MS, loginAt + 180 * DAY_MS),
      });
      expect((await fixture.sessionOf(renewed.refreshToken))?.expiresAt).toEqual(renewed.refreshTokenExpiresAt);
      refreshToken = renewed.refreshToken;
    }

    fixture.clock.advance(3 * DAY_MS);
    await expect(fixture.refresh(refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses a session past its end even while its refresh token is still valid', async () => {
    const tokens = await logIn(await fixture.activeUser());
    fixture.clock.advance(31 * DAY_MS);

    // SESSION_MAX_DAYS lowered to 30 since this login, whose refresh token lives 60 days.
    const refused = fixture.refresh(tokens.refreshToken, { ...fixture.settings, sessionMaxLifetimeMs: 30 * DAY_MS });

    await expect(refused).rejects.toThrow('This session has expired; log in again');
  });

  it('gives the new tokens only the roles the user still has', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);
    const tokens = await logIn(admin, ['user', 'admin']);
    await fixture.alter(admin, { roles: ['user'] });

    const renewed = await fixture.refresh(tokens.refreshToken);

    expect(fixture.tokens.verifyAccessToken(renewed.accessToken).scope).toEqual(['user']);
    expect(fixture.tokens.verifyRefreshToken(renewed.refreshToken).scope).toEqual(['user']);
  });

  it('ends the session of a user who may no longer log in', async () => {
    const user = await fixture.activeUser();
    const tokens = await logIn(user);
    await fixture.alter(user, { state: 'inactive' });

    await expect(fixture.refresh(tokens.refreshToken)).rejects.toBeInstanceOf(UnauthenticatedError);
    expect((await fixture.sessionOf(tokens.refreshToken))?.state).toBe('removed');
  });
});
