import { describe, expect, it } from '@jest/globals';
import { RuleViolationError } from '@keepem/shared/domain';
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
    expect(session.refreshRefusal('first', at, MAX_LIFETIME)).toBeNull();
    session.rotate('second', later(60), at);
    expect(session.refreshRefusal('second', at, MAX_LIFETIME)).toBeNull();
  });

  it('reports an already-rotated token as replayed and leaves ending the session to its caller', () => {
    const session = start();
    session.rotate('second', later(60), at);

    expect(session.refreshRefusal('first', at, MAX_LIFETIME)).toBe('replayed');
    expect(session.isActive).toBe(true);

    session.revoke(at);
    expect(session.isActive).toBe(false);
    expect(session.refreshRefusal('second', at, MAX_LIFETIME)).toBe('ended');
  });

  it('expires at its end unless a rotation moved it, and never lives past its maximum lifetime', () => {
    const session = start();
    expect(session.refreshRefusal('first', later(60), MAX_LIFETIME)).toBe('expired');
    expect(session.isActive).toBe(true);

    session.rotate('second', later(119), later(59));
    expect(session.refreshRefusal('second', later(118), MAX_LIFETIME)).toBeNull();
    expect(session.renewalLimit(MAX_LIFETIME)).toEqual(later(180));
    // A lower maximum (SESSION_MAX_DAYS changed) ends sessions that were renewed beyond it.
    expect(session.refreshRefusal('second', later(100), 90 * DAY)).toBe('expired');
  });

  it('refuses a session past its end as expired, whichever of its tokens is shown', () => {
    const session = start();
    session.rotate('second', later(60), at);
    expect(session.refreshRefusal('first', later(60), MAX_LIFETIME)).toBe('expired');
  });

  it('cannot be revoked twice: an ended session never changes again', () => {
    const session = start();
    session.revoke(at);
    expect(() => session.revoke(later(1))).toThrow(RuleViolationError);
  });
});
