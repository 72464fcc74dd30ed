import { describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { Session, SessionId } from './session.aggregate';
import { UserId } from './user.aggregate';

const DAY = 24 * 60 * 60_000;
const MAX_LIFETIME = 180 * DAY;
const at = new Date('2026-01-01T00:00:00Z');
const later = (days: number) => new Date(at.getTime() + days * DAY);
const start = () =>
  Session.start(
    crypto.randomUUID() as SessionId,
    { userId: crypto.randomUUID() as UserId, deviceId: null, refreshTokenFingerprint: 'first', expiresAt: later(60) },
    at,
  );

describe('Session', () => {
  it('accepts its current refresh token and rotates to the next', () => {
    const session = start();
    expect(session.examine('first', at, MAX_LIFETIME)).toBe('current');
    session.rotate('second', later(60), at);
    expect(session.examine('second', at, MAX_LIFETIME)).toBe('current');
  });

  it('ends itself when an already-rotated token comes back, and refuses everything after', () => {
    const session = start();
    session.rotate('second', later(60), at);
    expect(session.examine('first', at, MAX_LIFETIME)).toBe('replayed');
    expect(session.isActive).toBe(false);
    expect(() => session.examine('second', at, MAX_LIFETIME)).toThrow(UnauthenticatedError);
  });

  it('expires at its end unless a rotation moved it, and never lives past its maximum lifetime', () => {
    const session = start();
    expect(() => session.examine('first', later(60), MAX_LIFETIME)).toThrow('This session has expired; log in again');
    expect(session.isActive).toBe(true);

    session.rotate('second', later(119), later(59));
    expect(session.examine('second', later(118), MAX_LIFETIME)).toBe('current');
    expect(session.renewalLimit(MAX_LIFETIME)).toEqual(later(180));
    // A lower maximum (SESSION_MAX_DAYS changed) ends sessions that were renewed beyond it.
    expect(() => session.examine('second', later(100), 90 * DAY)).toThrow('This session has expired; log in again');
  });
});
