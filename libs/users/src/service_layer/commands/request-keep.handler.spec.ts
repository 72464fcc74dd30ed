import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ForbiddenError, InvalidInputError, NotFoundError } from '@keepem/shared/domain';
import { barrier } from '../../../../../test/support/barrier';
import { keepsFixture, type KeepsFixture, type KeepTarget } from '../../../../../test/support/keeps-handlers';
import type { User } from '../../domain/user.aggregate';
import { KEEP_REQUESTED_V1 } from '../../contracts';
import { KeepAlreadyExistsError, KeepWithOneselfError } from '../../domain/keep.errors';
import { RemoveUser } from './remove-user.command';
import { RemoveUserHandler } from './remove-user.handler';

describe('RequestKeep', () => {
  let fixture: KeepsFixture;
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    fixture = await keepsFixture();
    [ada, bob] = [await fixture.activeUser(), await fixture.activeUser()];
  });
  afterEach(() => fixture.close());

  const targets: [string, (user: User) => KeepTarget][] = [
    ['id', (user) => ({ toId: user.id })],
    ['referral code, in any case', (user) => ({ toCode: ` ${user.referralCode.value.toLowerCase()} ` })],
    ['e-mail address, in any case', (user) => ({ toEmail: user.email.value.toUpperCase() })],
  ];

  it.each(targets)('asks an active user by their %s: a pending keep, and users.keep-requested.v1 in the outbox', async (_, target) => {
    const keepId = await fixture.requestKeep(ada, target(bob), 'Bobby');

    const keep = await fixture.storedKeep(keepId);
    expect(keep).toMatchObject({ requester: ada.id, requested: bob.id, nameByRequester: 'Bobby', state: 'pending' });
    const records = await fixture.outboxOf(keepId);
    expect(records.map((record) => [record.type, record.payload])).toEqual([
      [
        KEEP_REQUESTED_V1.type,
        { keep_id: keepId, requester_id: ada.id, requested_id: bob.id, requested_at: fixture.clock.now().toISOString() },
      ],
    ]);
  });

  it.each(targets)('answers a keep with oneself, named by %s, as a conflict and stores nothing', async (_, target) => {
    await expect(fixture.requestKeep(ada, target(ada))).rejects.toBeInstanceOf(KeepWithOneselfError);
    expect(await fixture.liveKeepsOf(ada)).toEqual([]);
  });

  it.each([
    ['an unknown id', { toId: crypto.randomUUID() }],
    ['an unknown referral code', { toCode: 'ZZZZZ' }],
    ['an unknown e-mail address', { toEmail: 'nobody@example.com' }],
  ])('answers %s as an unknown user', async (_, target) => {
    await expect(fixture.requestKeep(ada, target)).rejects.toBeInstanceOf(NotFoundError);
    expect(await fixture.liveKeepsOf(ada)).toEqual([]);
  });

  it('answers a user who is not active (pending, or removed) as unknown, so their account stays unknown', async () => {
    const pending = await fixture.pendingUser();
    const removed = await fixture.activeUser();
    await fixture.alter(removed, { state: 'removed' });

    for (const user of [pending, removed]) {
      await expect(fixture.requestKeep(ada, { toId: user.id })).rejects.toBeInstanceOf(NotFoundError);
      await expect(fixture.requestKeep(ada, { toEmail: user.email.value })).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await fixture.liveKeepsOf(ada)).toEqual([]);
  });

  it('refuses a requester whose account is no longer active (a token outliving a removal)', async () => {
    await fixture.alter(ada, { state: 'removed' });
    await expect(fixture.requestKeep(ada, { toId: bob.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await fixture.liveKeepsOf(bob)).toEqual([]);
  });

  it('refuses a second live keep between the same two users, whoever asks and whether pending or active', async () => {
    const keepId = await fixture.requestKeep(ada, { toId: bob.id });

    await expect(fixture.requestKeep(ada, { toId: bob.id })).rejects.toBeInstanceOf(KeepAlreadyExistsError);
    await expect(fixture.requestKeep(bob, { toId: ada.id })).rejects.toBeInstanceOf(KeepAlreadyExistsError);
    await fixture.acceptKeep(bob, keepId);
    await expect(fixture.requestKeep(bob, { toCode: ada.referralCode.value })).rejects.toBeInstanceOf(KeepAlreadyExistsError);
    expect((await fixture.liveKeepsOf(ada)).map((keep) => keep.id)).toEqual([keepId]);
  });

  it('lets either side ask again after a decline, as a new keep', async () => {
    const declined = await fixture.requestKeep(ada, { toId: bob.id });
    await fixture.declineKeep(bob, declined);

    const again = await fixture.requestKeep(bob, { toId: ada.id });

    expect(again).not.toBe(declined);
    expect((await fixture.liveKeepsOf(ada)).map((keep) => keep.id)).toEqual([again]);
    expect((await fixture.storedKeep(declined))?.state).toBe('removed');
  });

  it.each([
    ['none', {}, ['toId', 'toCode', 'toEmail']],
    ['two', { toId: crypto.randomUUID(), toEmail: 'x@example.com' }, ['toId', 'toEmail']],
    ['all three', { toId: crypto.randomUUID(), toCode: 'ABCDE', toEmail: 'x@example.com' }, ['toId', 'toCode', 'toEmail']],
  ])('refuses %s of id, code and e-mail, naming the fields', async (_, target, fields) => {
    const refused = fixture.requestKeep(ada, target);
    await expect(refused).rejects.toBeInstanceOf(InvalidInputError);
    await expect(refused).rejects.toMatchObject({ fieldErrors: fields.map((field) => ({ field })) });
  });

  it.each([
    ['a referral code with a look-alike', { toCode: 'ABCD0' }, 'toCode'],
    ['a malformed e-mail address', { toEmail: 'not an address' }, 'toEmail'],
  ])('refuses %s, naming the field', async (_, target, field) => {
    await expect(fixture.requestKeep(ada, target)).rejects.toMatchObject({ kind: 'invalid', fieldErrors: [{ field }] });
  });

  describe('two requests for one pair at once', () => {
    it.each([
      ['both ways', () => [fixture.requestKeep(ada, { toId: bob.id }), fixture.requestKeep(bob, { toId: ada.id })]],
      ['the same way twice', () => [fixture.requestKeep(ada, { toId: bob.id }), fixture.requestKeep(ada, { toEmail: bob.email.value })]],
    ])('(%s), both having found the pair free: one keep, the other answered as existing', async (_, race) => {
      fixture.pauseKeepsAfter('findLiveBetween').wait = barrier(2);

      const outcomes = await Promise.allSettled(race());

      const [won] = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const [lost] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(lost?.reason).toBeInstanceOf(KeepAlreadyExistsError);
      const live = await fixture.liveKeepsOf(ada);
      expect(live.map((keep) => keep.id)).toEqual([(won as PromiseFulfilledResult<string>).value]);
      expect(await fixture.outboxOf(live[0].id)).toHaveLength(1);
    });
  });

  it.each([
    ['the requested user', () => bob],
    ['the requester', () => ada],
  ])('a request committed while %s is being removed leaves no live keep to a removed user', async (_, leaving) => {
    // The removal has read the user's live keeps; the request commits before the removal does.
    let requestDone!: Promise<unknown>;
    let firstRead = true;
    fixture.pauseKeepsAfter('findLiveOf').wait = async () => {
      if (firstRead) {
        firstRead = false;
        requestDone = fixture.requestKeep(ada, { toId: bob.id });
        await requestDone;
      }
    };

    await new RemoveUserHandler(fixture.unitOfWork).execute(
      new RemoveUser({ userId: leaving().id, removal: { by: 'self' }, freshLogin: true, metadata: fixture.metadata() }),
    );

    const keepId = (await requestDone) as string;
    expect(await fixture.liveKeepsOf(leaving())).toEqual([]);
    expect(await fixture.storedKeep(keepId)).toMatchObject({ state: 'removed', declinedReason: 'user removed' });
  });
});
