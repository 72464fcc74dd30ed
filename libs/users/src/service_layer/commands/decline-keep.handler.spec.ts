import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { barrier } from '../../../../../test/support/barrier';
import { keepsFixture, type KeepsFixture } from '../../../../../test/support/keeps-handlers';
import { KEEP_DECLINED_V1, KEEP_REQUESTED_V1 } from '../../contracts';
import { KeepAlreadyDeclinedError, KeepNotFoundError } from '../../domain/keep.errors';
import type { User } from '../../domain/user.aggregate';

describe('DeclineKeep', () => {
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

  const declinedRecord = async (id: string) => (await fixture.outboxOf(id)).find((record) => record.type === KEEP_DECLINED_V1.type);

  it.each([
    ['requested user', () => bob],
    ['requester', () => ada],
  ])('by the %s: removed for good, with who and why, and users.keep-declined.v1 in the outbox', async (_, who) => {
    await fixture.declineKeep(who(), keepId, 'not now');

    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedBy: who().id, declinedReason: 'not now' });
    expect((await declinedRecord(keepId))?.payload).toEqual({
      keep_id: keepId,
      requester_id: ada.id,
      requested_id: bob.id,
      declined_by: who().id,
      reason: 'not now',
      was_active: false,
      declined_at: fixture.clock.now().toISOString(),
    });
  });

  it('ends an active keep, without a reason if none is given', async () => {
    await fixture.acceptKeep(bob, keepId);
    await fixture.declineKeep(ada, keepId);

    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedReason: null });
    expect((await declinedRecord(keepId))?.payload).toMatchObject({ reason: null, was_active: true });
  });

  it('by a stranger, or an unknown keep: not found, and nothing changes', async () => {
    const stranger = await fixture.activeUser();
    await expect(fixture.declineKeep(stranger, keepId)).rejects.toBeInstanceOf(KeepNotFoundError);
    await expect(fixture.declineKeep(ada, crypto.randomUUID())).rejects.toBeInstanceOf(KeepNotFoundError);
    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'pending', version: 1 });
    expect((await fixture.outboxOf(keepId)).map((record) => record.type)).toEqual([KEEP_REQUESTED_V1.type]);
  });

  it('refuses a keep declined already as a conflict, keeping the first decline', async () => {
    await fixture.declineKeep(bob, keepId, 'first');
    await expect(fixture.declineKeep(ada, keepId, 'second')).rejects.toBeInstanceOf(KeepAlreadyDeclinedError);
    expect(await fixture.storedKeep(keepId)).toMatchObject({ declinedBy: bob.id, declinedReason: 'first' });
  });

  it('both sides declining at once: one decline is stored, the other finds it declined already', async () => {
    fixture.pauseKeepsAfter('findById').wait = barrier(2);

    const outcomes = await Promise.allSettled([fixture.declineKeep(ada, keepId, 'ada'), fixture.declineKeep(bob, keepId, 'bob')]);

    const rejected = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(rejected.map((outcome) => outcome.reason)).toEqual([expect.any(KeepAlreadyDeclinedError)]);
    const winner = outcomes[0].status === 'fulfilled' ? ada : bob;
    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedBy: winner.id, version: 2 });
    expect((await fixture.outboxOf(keepId)).filter((record) => record.type === KEEP_DECLINED_V1.type)).toHaveLength(1);
  });
});
