import { describe, expect, it } from '@jest/globals';
import { InvalidInputError, RuleViolationError } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { ReferralCode } from './referral-code.value-object';
import { User, UserId } from './user.aggregate';
import { UserNotPendingError } from './user.errors';
import { UserActivated, UserPublicProfileChanged, UserRegistered, UserRemoved } from './user.events';
import { REMOVAL_REASON_MAX_LENGTH } from './user-removal';
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

  describe('remove', () => {
    const later = new Date('2026-02-01T00:00:00Z');
    const activeUser = () => {
      const user = User.register({ ...newUser(), publicName: 'Ada Lovelace' }, at);
      user.activate(at);
      user.markCommitted();
      return user;
    };

    it('by the user: removed, e-mail rewritten to {id}@removed.invalid, public name cleared, UserRemoved then the public profile', () => {
      const user = activeUser();

      user.remove({ by: 'self' }, later);

      expect(user.state).toBe('removed');
      expect(user.modifiedAt).toEqual(later);
      expect(user.email.value).toBe(`${user.id}@removed.invalid`);
      expect(user.email.canonical).toBe(`${user.id}@removed.invalid`);
      expect(user.publicName).toBeNull();
      expect(user.username.value).toBe('ada');
      expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserRemoved, UserPublicProfileChanged]);
      expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, removedBy: 'self', adminId: null, reason: null });
      expect(user.pendingEvents[0].occurredAt).toEqual(later);
      expect(user.pendingEvents[1].payload).toEqual({ userId: user.id, username: 'ada', publicName: null, state: 'removed' });
    });

    it('by an administrator, with the reason trimmed', () => {
      const user = activeUser();
      const adminId = crypto.randomUUID();

      user.remove({ by: 'admin', adminId, reason: '  spam account \n' }, later);

      expect(user.state).toBe('removed');
      expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, removedBy: 'admin', adminId, reason: 'spam account' });
    });

    it('also takes a pending account (a sign-up nobody activated)', () => {
      const user = User.register(newUser(), at);
      user.remove({ by: 'admin', adminId: crypto.randomUUID(), reason: 'never activated' }, later);
      expect(user.state).toBe('removed');
    });

    it.each([
      ['blank', ' \t '],
      ['too long', 'x'.repeat(REMOVAL_REASON_MAX_LENGTH + 1)],
    ])('refuses an administrator’s %s reason and changes nothing', (_, reason) => {
      const user = activeUser();

      expect(() => user.remove({ by: 'admin', adminId: crypto.randomUUID(), reason }, later)).toThrow(InvalidInputError);

      expect(user.state).toBe('active');
      expect(user.email.value).toBe('ada@example.com');
      expect(user.pendingEvents).toEqual([]);
    });

    it('is final: a removed user is neither removed again nor activated, and may not log in', () => {
      const user = activeUser();
      user.remove({ by: 'self' }, later);
      user.markCommitted();

      expect(() => user.remove({ by: 'self' }, later)).toThrow(RuleViolationError);
      expect(() => user.remove({ by: 'admin', adminId: crypto.randomUUID(), reason: 'again' }, later)).toThrow(RuleViolationError);
      expect(() => user.activate(later, 'admin')).toThrow(RuleViolationError);
      expect(() => user.assertCanLogIn()).toThrow(/disabled/);
      expect(user.pendingEvents).toEqual([]);
    });
  });
});
