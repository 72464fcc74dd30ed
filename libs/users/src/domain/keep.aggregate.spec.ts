import { describe, expect, it } from '@jest/globals';
import { ConflictError, InvalidInputError, NotFoundError } from '@keepem/shared/domain';
import { Keep, KeepId } from './keep.aggregate';
import { KeepAlreadyDeclinedError, KeepNotFoundError, KeepNotPendingError, KeepWithOneselfError } from './keep.errors';
import { KeepAccepted, KeepDeclined, KeepRequested } from './keep.events';
import type { UserId } from './user.aggregate';

const at = new Date('2026-01-01T00:00:00Z');
const later = new Date('2026-01-02T00:00:00Z');
const userId = () => crypto.randomUUID() as UserId;

function refusalOf(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
}

function requested(nameByRequester: string | null = null) {
  const requester = userId();
  const requestedUser = userId();
  const keep = Keep.request({ id: crypto.randomUUID() as KeepId, requester, requested: requestedUser, nameByRequester }, at);
  keep.markCommitted();
  return { keep, requester, requested: requestedUser, stranger: userId() };
}

describe('Keep', () => {
  describe('request', () => {
    it('is pending, names both sides and records KeepRequested', () => {
      const requester = userId();
      const other = userId();
      const keep = Keep.request({ id: crypto.randomUUID() as KeepId, requester, requested: other, nameByRequester: '  Grandma ' }, at);

      expect(keep.state).toBe('pending');
      expect([keep.requester, keep.requested]).toEqual([requester, other]);
      expect(keep.nameByRequester).toBe('Grandma');
      expect(keep.nameByRequested).toBeNull();
      expect(keep.createdAt).toEqual(at);
      expect(keep.pendingEvents).toHaveLength(1);
      expect(keep.pendingEvents[0]).toBeInstanceOf(KeepRequested);
      expect(keep.pendingEvents[0].payload).toEqual({
        keepId: keep.id,
        requesterId: requester,
        requestedId: other,
        nameByRequester: 'Grandma',
      });
    });

    it('refuses a keep with oneself as a conflict', () => {
      const me = userId();
      const request = () => Keep.request({ id: crypto.randomUUID() as KeepId, requester: me, requested: me, nameByRequester: null }, at);
      expect(request).toThrow(KeepWithOneselfError);
      expect(request).toThrow(ConflictError);
    });

    it('takes a blank name as none, and refuses one longer than 64 characters naming the field', () => {
      expect(requested('   ').keep.nameByRequester).toBeNull();
      const refusal = refusalOf(() => requested('x'.repeat(65)));
      expect(refusal).toBeInstanceOf(InvalidInputError);
      expect(refusal).toMatchObject({ fieldErrors: [{ field: 'nameByRequester' }] });
    });
  });

  describe('the pair', () => {
    it('has one key whoever asked, held while pending or active and dropped once declined', () => {
      const { keep, requester, requested: other } = requested();
      expect(keep.livePair).toBe(Keep.pairOf(requester, other));
      expect(Keep.pairOf(requester, other)).toBe(Keep.pairOf(other, requester));

      keep.accept(other, null, later);
      expect(keep.livePair).toBe(Keep.pairOf(other, requester));

      keep.decline(requester, null, later);
      expect(keep.isLive).toBe(false);
      expect(keep.livePair).toBeNull();
    });
  });

  describe('accept', () => {
    it('by the requested user makes it active with their name for the requester, and records KeepAccepted', () => {
      const { keep, requester, requested: other } = requested();
      keep.accept(other, ' Tom ', later);

      expect(keep.state).toBe('active');
      expect(keep.nameByRequested).toBe('Tom');
      expect(keep.modifiedAt).toEqual(later);
      expect(keep.pendingEvents.map((event) => event.constructor)).toEqual([KeepAccepted]);
      expect(keep.pendingEvents[0].payload).toEqual({
        keepId: keep.id,
        requesterId: requester,
        requestedId: other,
        nameByRequested: 'Tom',
      });
    });

    it('by the requester or a stranger is answered as if there were no such keep, and changes nothing', () => {
      const { keep, requester, stranger } = requested();
      for (const someone of [requester, stranger]) {
        expect(() => keep.accept(someone, null, later)).toThrow(KeepNotFoundError);
        expect(() => keep.accept(someone, null, later)).toThrow(NotFoundError);
      }
      expect(keep.state).toBe('pending');
      expect(keep.pendingEvents).toEqual([]);
    });

    it('only once: an active keep is not pending any more', () => {
      const { keep, requested: other } = requested();
      keep.accept(other, null, later);
      keep.markCommitted();
      expect(() => keep.accept(other, 'again', later)).toThrow(KeepNotPendingError);
      expect(keep.nameByRequested).toBeNull();
      expect(keep.pendingEvents).toEqual([]);
    });

    it('never after a decline (a conflict, not a rule of the final state)', () => {
      const { keep, requested: other } = requested();
      keep.decline(other, null, later);
      expect(() => keep.accept(other, null, later)).toThrow(KeepNotPendingError);
      expect(keep.state).toBe('removed');
    });
  });

  describe('decline', () => {
    it.each(['requester', 'requested'] as const)('by the %s removes a pending keep, with the reason, and records KeepDeclined', (side) => {
      const parties = requested();
      const by = parties[side];
      parties.keep.decline(by, '  not now ', later);

      expect(parties.keep.state).toBe('removed');
      expect(parties.keep.declinedBy).toBe(by);
      expect(parties.keep.declinedReason).toBe('not now');
      expect(parties.keep.pendingEvents.map((event) => event.constructor)).toEqual([KeepDeclined]);
      expect(parties.keep.pendingEvents[0].payload).toEqual({
        keepId: parties.keep.id,
        requesterId: parties.requester,
        requestedId: parties.requested,
        declinedBy: by,
        reason: 'not now',
        wasActive: false,
      });
    });

    it('ends an active keep too, saying it was active', () => {
      const { keep, requester, requested: other } = requested();
      keep.accept(other, null, later);
      keep.markCommitted();
      keep.decline(requester, null, later);
      expect(keep.state).toBe('removed');
      expect(keep.declinedReason).toBeNull();
      expect(keep.pendingEvents[0].payload).toMatchObject({ declinedBy: requester, reason: null, wasActive: true });
    });

    it('by a stranger is answered as if there were no such keep', () => {
      const { keep, stranger } = requested();
      expect(() => keep.decline(stranger, null, later)).toThrow(KeepNotFoundError);
      expect(keep.state).toBe('pending');
    });

    it('is final: a declined keep cannot be declined again', () => {
      const { keep, requester, requested: other } = requested();
      keep.decline(other, null, later);
      keep.markCommitted();
      expect(() => keep.decline(requester, 'me too', later)).toThrow(KeepAlreadyDeclinedError);
      expect(keep.declinedBy).toBe(other);
      expect(keep.pendingEvents).toEqual([]);
    });

    it('refuses a reason longer than 500 characters and changes nothing', () => {
      const { keep, requester } = requested();
      expect(() => keep.decline(requester, 'x'.repeat(501), later)).toThrow(InvalidInputError);
      expect(keep.state).toBe('pending');
    });
  });

  it('knows its parties', () => {
    const { keep, requester, requested: other, stranger } = requested();
    expect([keep.isParty(requester), keep.isParty(other), keep.isParty(stranger)]).toEqual([true, true, false]);
  });
});
