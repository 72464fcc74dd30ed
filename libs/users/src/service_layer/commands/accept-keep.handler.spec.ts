import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import type { Pause } from '../../../../../test/support/pause';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { KEEP_ACCEPTED_V1, KEEP_DECLINED_V1, KEEP_REQUESTED_V1 } from '../../contracts';
import { KeepNotFoundError, KeepNotPendingError } from '../../domain/keep.errors';
import type { User } from '../../domain/user.aggregate';

/** Holds the first unit of work that reads a keep after its read, until released; later ones pass. */
function holdFirstReader(pause: Pause): { reached: Promise<void>; release: () => void } {
  let release: () => void = () => undefined;
  let arrived: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  let reads = 0;
  pause.wait = async () => {
    reads += 1;
    if (reads === 1) {
      arrived();
      await released;
    }
  };
  return { reached, release };
}

describe('AcceptKeep', () => {
  let fixture: KeepsFixture;
  let ada: User;
  let bob: User;
  let keepId: string;

  beforeEach(async () => {
    fixture = await keepsFixture();
    [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
    keepId = await fixture.requestKeep(ada, { toId: bob.id });
  });
  afterEach(() => fixture.close());

  const typesOf = async (id: string) => (await fixture.outboxOf(id)).map((record) => record.type);

  it('by the requested user: active, with their name for the requester, and users.keep-accepted.v1 in the outbox', async () => {
    fixture.clock.advance(60_000);
    await fixture.acceptKeep(bob, keepId, 'Ada L.');

    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'active', nameByRequested: 'Ada L.' });
    const [, accepted] = await fixture.outboxOf(keepId);
    expect(accepted).toMatchObject({
      type: KEEP_ACCEPTED_V1.type,
      sequence: 2,
      payload: { keep_id: keepId, requester_id: ada.id, requested_id: bob.id, accepted_at: fixture.clock.now().toISOString() },
    });
  });

  it('by the requester, a stranger, or for an unknown keep: not found, and nothing changes', async () => {
    const stranger = await fixture.activeUser();
    await expect(fixture.acceptKeep(ada, keepId)).rejects.toBeInstanceOf(KeepNotFoundError);
    await expect(fixture.acceptKeep(stranger, keepId)).rejects.toBeInstanceOf(KeepNotFoundError);
    await expect(fixture.acceptKeep(bob, crypto.randomUUID())).rejects.toBeInstanceOf(KeepNotFoundError);

    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'pending', version: 1 });
    expect(await typesOf(keepId)).toEqual([KEEP_REQUESTED_V1.type]);
  });

  it('refuses a keep that is not pending any more (accepted, or declined) as a conflict', async () => {
    await fixture.acceptKeep(bob, keepId);
    await expect(fixture.acceptKeep(bob, keepId, 'again')).rejects.toBeInstanceOf(KeepNotPendingError);
    expect((await fixture.storedKeep(keepId))?.nameByRequested).toBeNull();

    const cy = await fixture.activeUser();
    const declined = await fixture.requestKeep(ada, { toId: cy.id });
    await fixture.declineKeep(ada, declined);
    await expect(fixture.acceptKeep(cy, declined)).rejects.toBeInstanceOf(KeepNotPendingError);
  });

  describe('racing on one keep, both having read it pending', () => {
    it('accept and decline at once: the keep ends declined either way, as if one came after the other', async () => {
      fixture.pauseKeepsAfter('findById').wait = barrier(2);

      const [accepted, declined] = await Promise.allSettled([
        fixture.acceptKeep(bob, keepId),
        fixture.declineKeep(ada, keepId, 'changed my mind'),
      ]);

      // The decline cannot lose: run again after the accept, it ends the active keep; the accept,
      // run again after the decline, finds it declined.
      expect(declined.status).toBe('fulfilled');
      const stored = await fixture.storedKeep(keepId);
      expect(stored).toMatchObject({ state: 'removed', declinedBy: ada.id, declinedReason: 'changed my mind' });
      const types = await typesOf(keepId);
      if (accepted.status === 'fulfilled') {
        expect(types).toEqual([KEEP_REQUESTED_V1.type, KEEP_ACCEPTED_V1.type, KEEP_DECLINED_V1.type]);
        expect(stored?.version).toBe(3);
        expect((await fixture.outboxOf(keepId))[2].payload).toMatchObject({ was_active: true });
      } else {
        expect(accepted.reason).toBeInstanceOf(KeepNotPendingError);
        expect(types).toEqual([KEEP_REQUESTED_V1.type, KEEP_DECLINED_V1.type]);
        expect(stored?.version).toBe(2);
      }
    });

    it.each([
      ['accept', 'decline'],
      ['decline', 'accept'],
    ] as const)('the %s read first and commits after the %s: the order the commits took decides', async (first, _second) => {
      const hold = holdFirstReader(fixture.pauseKeepsAfter('findById'));
      const accept = () => fixture.acceptKeep(bob, keepId);
      const decline = () => fixture.declineKeep(ada, keepId, 'no');
      const late = (first === 'accept' ? accept : decline)();
      await hold.reached;
      await (first === 'accept' ? decline : accept)();
      hold.release();

      if (first === 'accept') {
        await expect(late).rejects.toBeInstanceOf(KeepNotPendingError);
        expect(await typesOf(keepId)).toEqual([KEEP_REQUESTED_V1.type, KEEP_DECLINED_V1.type]);
      } else {
        await expect(late).resolves.toBeUndefined();
        expect(await typesOf(keepId)).toEqual([KEEP_REQUESTED_V1.type, KEEP_ACCEPTED_V1.type, KEEP_DECLINED_V1.type]);
      }
      expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedBy: ada.id });
    });

    it('two accepts at once: one is accepted, the other finds it not pending', async () => {
      fixture.pauseKeepsAfter('findById').wait = barrier(2);

      const outcomes = await Promise.allSettled([fixture.acceptKeep(bob, keepId, 'first'), fixture.acceptKeep(bob, keepId, 'second')]);

      const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(rejected.map((outcome) => outcome.reason)).toEqual([expect.any(KeepNotPendingError)]);
      const winner = outcomes[0].status === 'fulfilled' ? 'first' : 'second';
      expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'active', nameByRequested: winner, version: 2 });
      expect(await typesOf(keepId)).toEqual([KEEP_REQUESTED_V1.type, KEEP_ACCEPTED_V1.type]);
    });
  });
});
