import { describe, expect, it } from '@jest/globals';
import { UnauthenticatedError } from '@keepem/shared/domain';
import { Session, SessionId } from './session.aggregate';
import { UserId } from './user.aggregate';

const at = new Date('2026-01-01T00:00:00Z');
const start = () =>
  Session.start(
    crypto.randomUUID() as SessionId,
    { userId: crypto.randomUUID() as UserId, deviceId: null, refreshTokenFingerprint: 'first', expiresAt: at },
    at,
  );

describe('Session', () => {
  it('accepts its current refresh token and rotates to the next', () => {
    const session = start();
    expect(session.examine('first', at)).toBe('current');
    session.rotate('second', at);
    expect(session.examine('second', at)).toBe('current');
  });

  it('ends itself when an already-rotated token comes back, and refuses everything after', () => {
    const session = start();
    session.rotate('second', at);
    expect(session.examine('first', at)).toBe('replayed');
    expect(session.isActive).toBe(false);
    expect(() => session.examine('second', at)).toThrow(UnauthenticatedError);
  });
});
