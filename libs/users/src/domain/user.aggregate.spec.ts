import { describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { ReferralCode } from './referral-code.value-object';
import { User, UserId } from './user.aggregate';
import { UserNotPendingError } from './user.errors';
import { UserActivated, UserPublicProfileChanged, UserRegistered } from './user.events';
import { Username } from './username.value-object';

const at = new Date('2026-01-01T00:00:00Z');
const newUser = () => ({
  id: crypto.randomUUID() as UserId,
  username: Username.parse('ada'),
  email: EmailAddress.parse('ada@example.com'),
  publicName: null,
  passwordHash: 'hash',
  referralCode: ReferralCode.parse('K7PQR'),
  referredBy: null,
});

describe('User', () => {
  it('registers pending with the user role and records UserRegistered', () => {
    const user = User.register(newUser(), at);
    expect(user.state).toBe('pending');
    expect(user.roles).toEqual(['user']);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserRegistered, UserPublicProfileChanged]);
  });

  it('activates once and records UserActivated; a second activation is refused', () => {
    const user = User.register(newUser(), at);
    user.markCommitted();
    user.activate(at);
    expect(user.state).toBe('active');
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserActivated, UserPublicProfileChanged]);
    expect(user.pendingEvents[1].payload).toEqual({ userId: user.id, username: 'ada', publicName: null, state: 'active' });
    expect(() => user.activate(at)).toThrow(UserNotPendingError);
  });

  it('may log in only when active', () => {
    const user = User.register(newUser(), at);
    expect(() => user.assertCanLogIn()).toThrow(/not activated/);
    user.activate(at);
    expect(() => user.assertCanLogIn()).not.toThrow();
  });

  it('seeds an active administrator that needs no activation e-mail', () => {
    const admin = User.seedAdministrator(newUser(), at);
    expect(admin.state).toBe('active');
    expect(admin.hasRoles(['user', 'admin'])).toBe(true);
    const [registered] = admin.pendingEvents;
    expect(registered.payload).toMatchObject({ activationRequired: false });
  });

  it('never changes again once final', () => {
    const user = User.restore(
      crypto.randomUUID() as UserId,
      { createdAt: at, modifiedAt: at, version: 3, state: 'removed' },
      { ...newUser(), roles: ['user'] },
    );
    expect(() => user.activate(at)).toThrow(RuleViolationError);
  });

  it('says whether the activation proved the address: the link does, an administrator does not', () => {
    const byLink = User.register(newUser(), at);
    byLink.activate(at);
    expect(byLink.pendingEvents.find((event) => event instanceof UserActivated)?.payload).toMatchObject({ addressConfirmed: true });

    const byAdmin = User.register(newUser(), at);
    byAdmin.markCommitted();
    byAdmin.activate(at, 'admin');
    expect(byAdmin.state).toBe('active');
    expect(byAdmin.pendingEvents.map((event) => event.constructor)).toEqual([UserActivated, UserPublicProfileChanged]);
    expect(byAdmin.pendingEvents[0].payload).toMatchObject({ addressConfirmed: false });
  });
});
