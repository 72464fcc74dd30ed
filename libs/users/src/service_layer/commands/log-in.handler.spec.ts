import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { InvalidInputError, UnauthenticatedError } from '@keepem/shared/domain';
import { DAY_MS, usersFixture, UsersFixture } from '../../../../../test/support/users-handlers';
import { AccountNotUsableError } from '../../domain/user.errors';

describe('LogIn', () => {
  let fixture: UsersFixture;

  beforeEach(async () => {
    fixture = await usersFixture({ sessionMaxLifetimeMs: 30 * DAY_MS });
  });
  afterEach(() => fixture.close());

  it('starts a session for the right password and answers its tokens, which name the user, the session and the scope', async () => {
    const user = await fixture.activeUser();
    const sessionId = crypto.randomUUID();

    // The address as people type it: the account is found by its canonical form.
    const tokens = await fixture.logIn(`  ${user.email.value.toUpperCase()} `, { sessionId, deviceId: 'phone-1' });

    expect(tokens.userId).toBe(user.id);
    expect(fixture.tokens.verifyAccessToken(tokens.accessToken)).toMatchObject({
      userId: user.id,
      sessionId,
      scope: ['user'],
      fresh: true,
    });
    const claims = fixture.tokens.verifyRefreshToken(tokens.refreshToken);
    expect(claims).toMatchObject({ userId: user.id, sessionId, scope: ['user'] });
    const session = await fixture.storedSession(sessionId);
    expect(session).toMatchObject({
      state: 'active',
      userId: user.id,
      deviceId: 'phone-1',
      refreshTokenFingerprint: claims.fingerprint,
      expiresAt: tokens.refreshTokenExpiresAt,
    });
  });

  it('lets no token of the session outlive its maximum lifetime', async () => {
    const user = await fixture.activeUser();
    const loginAt = fixture.clock.now().getTime();

    const tokens = await fixture.logIn(user.email.value);

    // The refresh token would live 60 days; the session may live 30 (the fixture's SESSION_MAX_DAYS).
    expect(tokens.refreshTokenExpiresAt).toEqual(new Date(loginAt + 30 * DAY_MS));
  });

  it('gives a wrong password and an unknown e-mail address the same answer, and starts no session', async () => {
    const user = await fixture.activeUser();
    const wrongPassword = { sessionId: crypto.randomUUID(), password: 'not the password' };
    const unknownAddress = { sessionId: crypto.randomUUID() };

    const [forWrongPassword, forUnknownAddress] = await Promise.all([
      fixture.logIn(user.email.value, wrongPassword).catch((error: unknown) => error),
      fixture.logIn('nobody@example.com', unknownAddress).catch((error: unknown) => error),
    ]);

    expect(forWrongPassword).toBeInstanceOf(UnauthenticatedError);
    expect(forUnknownAddress).toEqual(forWrongPassword);
    expect(await fixture.storedSession(wrongPassword.sessionId)).toBeNull();
    expect(await fixture.storedSession(unknownAddress.sessionId)).toBeNull();
  });

  it('refuses an account that is not activated yet, saying so, and starts no session', async () => {
    const pending = await fixture.pendingUser();
    const sessionId = crypto.randomUUID();

    const refused = fixture.logIn(pending.email.value, { sessionId });

    await expect(refused).rejects.toBeInstanceOf(AccountNotUsableError);
    await expect(refused).rejects.toThrow(/not activated/);
    expect(await fixture.storedSession(sessionId)).toBeNull();
  });

  it('refuses a disabled account even with the right password', async () => {
    const user = await fixture.activeUser();
    await fixture.alter(user, { state: 'inactive' });

    await expect(fixture.logIn(user.email.value)).rejects.toBeInstanceOf(AccountNotUsableError);
  });

  it.each([
    ['a role the account does not have', ['user', 'admin']],
    ['a role that does not exist', ['root']],
  ])('refuses a scope naming %s, and starts no session', async (_, scope) => {
    const user = await fixture.activeUser();
    const sessionId = crypto.randomUUID();

    const refused = fixture.logIn(user.email.value, { sessionId, scope });

    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: [{ field: 'scope' }] });
    expect(await fixture.storedSession(sessionId)).toBeNull();
  });

  it('grants the roles asked for, once each, when the account has them', async () => {
    const admin = await fixture.activeUser(['user', 'admin']);

    const tokens = await fixture.logIn(admin.email.value, { scope: ['admin', 'admin'] });

    expect(fixture.tokens.verifyAccessToken(tokens.accessToken).scope).toEqual(['admin']);
    expect(fixture.tokens.verifyRefreshToken(tokens.refreshToken).scope).toEqual(['admin']);
  });
});
