import { describe, expect, it } from '@jest/globals';
import { type AggregateState, InvalidInputError, RuleViolationError } from '@keepem/shared/domain';
import { EmailAddress } from './email-address.value-object';
import { ReferralCode } from './referral-code.value-object';
import { User, UserId } from './user.aggregate';
import { PasswordResetNotAllowedError, UserNotPendingError } from './user.errors';
import {
  PasswordResetRequested,
  UserActivated,
  UserPasswordChanged,
  UserPublicNameChanged,
  UserPublicProfileChanged,
  UserRegistered,
  UserRemoved,
} from './user.events';
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

/** A stored user in `state`, with no events pending, as a repository hands it out. */
const storedUser = (state: AggregateState, publicName: string | null = null) =>
  User.restore(
    crypto.randomUUID() as UserId,
    { createdAt: at, modifiedAt: at, version: 2, state },
    { ...newUser(), publicName, roles: ['user'] },
  );
const later = new Date('2026-01-02T00:00:00Z');

describe('User: public name', () => {
  it('takes a new name, trimmed, and records UserPublicNameChanged and the public profile', () => {
    const user = storedUser('active');
    user.changePublicName('  Ada Lovelace  ', later);
    expect(user.publicName).toBe('Ada Lovelace');
    expect(user.modifiedAt).toEqual(later);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserPublicNameChanged, UserPublicProfileChanged]);
    expect(user.pendingEvents.map((event) => event.payload)).toEqual([
      { userId: user.id, publicName: 'Ada Lovelace' },
      { userId: user.id, username: 'ada', publicName: 'Ada Lovelace', state: 'active' },
    ]);
  });

  it('clears the name with null', () => {
    const user = storedUser('active', 'Ada');
    user.changePublicName(null, later);
    expect(user.publicName).toBeNull();
    expect(user.pendingEvents[1].payload).toMatchObject({ publicName: null });
  });

  it('records nothing and changes nothing for the name the user already has', () => {
    const user = storedUser('active', 'Ada');
    user.changePublicName(' Ada ', later);
    expect(user.pendingEvents).toEqual([]);
    expect(user.modifiedAt).toEqual(at);
  });

  it.each([
    ['empty after trimming', '   '],
    ['longer than 64 characters', 'x'.repeat(65)],
    ['with a line break', 'Ada\nClick here'],
    ['with another control character', 'Ada\u0007'],
  ])('refuses a name %s, naming the field', (_, name) => {
    const user = storedUser('active', 'Ada');
    expect(() => user.changePublicName(name, later)).toThrow(InvalidInputError);
    expect(() => user.changePublicName(name, later)).toThrow(
      expect.objectContaining({ fieldErrors: [expect.objectContaining({ field: 'publicName' })] }),
    );
    expect(user.publicName).toBe('Ada');
    expect(user.pendingEvents).toEqual([]);
  });

  it('takes 64 characters, counted after trimming', () => {
    const user = storedUser('active');
    user.changePublicName(` ${'x'.repeat(64)} `, later);
    expect(user.publicName).toBe('x'.repeat(64));
  });

  it.each(['removed', 'inactive'] as const)('refuses any change once the user is %s, even to the same name', (state) => {
    const user = storedUser(state, 'Ada');
    expect(() => user.changePublicName('Grace', later)).toThrow(RuleViolationError);
    expect(() => user.changePublicName('Ada', later)).toThrow(RuleViolationError);
    expect(() => user.changePublicName(null, later)).toThrow(RuleViolationError);
    expect(user.publicName).toBe('Ada');
  });
});

describe('User: password', () => {
  it('changes its hash and records UserPasswordChanged (via change), which is not a public profile change', () => {
    const user = storedUser('active');
    user.changePassword('new hash', later);
    expect(user.passwordHash).toBe('new hash');
    expect(user.modifiedAt).toEqual(later);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([UserPasswordChanged]);
    expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, via: 'change' });
  });

  it('refuses a password change once final', () => {
    const user = storedUser('removed');
    expect(() => user.changePassword('new hash', later)).toThrow(RuleViolationError);
    expect(user.passwordHash).toBe('hash');
  });

  it('records a reset request of an active user, with the address the link goes to', () => {
    const user = storedUser('active');
    expect(user.mayResetPassword).toBe(true);
    user.requestPasswordReset(later);
    expect(user.pendingEvents.map((event) => event.constructor)).toEqual([PasswordResetRequested]);
    expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, username: 'ada', email: 'ada@example.com' });
    expect(user.passwordHash).toBe('hash');
  });

  it('resets the password of an active user and records UserPasswordChanged (via reset)', () => {
    const user = storedUser('active');
    user.resetPassword('new hash', later);
    expect(user.passwordHash).toBe('new hash');
    expect(user.pendingEvents[0].payload).toEqual({ userId: user.id, via: 'reset' });
  });

  it.each(['pending', 'hidden', 'inactive', 'removed'] as const)('neither sends nor follows reset links while the user is %s', (state) => {
    const user = storedUser(state);
    expect(user.mayResetPassword).toBe(false);
    expect(() => user.requestPasswordReset(later)).toThrow(PasswordResetNotAllowedError);
    expect(() => user.resetPassword('new hash', later)).toThrow(PasswordResetNotAllowedError);
    expect(user.passwordHash).toBe('hash');
    expect(user.pendingEvents).toEqual([]);
  });
});
